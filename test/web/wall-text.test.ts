// The console's wall command line and the tour clock every wall page shares.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeAssignment, parseWallCommand, tourPosition } from '../../web/src/wall/wall-text.js';

describe('wall command line', () => {
  it('reads a camera number onto a monitor, short or in words', () => {
    for (const line of ['12 > 3', '12>3', 'caméra 12 sur moniteur 3', 'Camera 12 sur moniteur 3', 'c12 > m3', '12 sur 3']) {
      assert.deepEqual(parseWallCommand(line), { kind: 'camera', camera: 12, monitor: '3' }, line);
    }
  });

  it('reads empty, alarm and presets (the preset name as written)', () => {
    assert.deepEqual(parseWallCommand('vide > 4'), { kind: 'empty', monitor: '4' });
    assert.deepEqual(parseWallCommand('alarme sur moniteur 1'), { kind: 'alarm', monitor: '1' });
    assert.deepEqual(parseWallCommand('préréglage Jour de marché'), { kind: 'preset', name: 'Jour de marché' });
  });

  it('refuses what it does not understand', () => {
    for (const line of ['', 'bonjour', '12', '> 3', 'caméra douze sur 3']) assert.equal(parseWallCommand(line), undefined, line);
  });
});

describe('tour clock', () => {
  const steps = [
    { cameraId: 'a', dwellSeconds: 5 },
    { cameraId: 'b', dwellSeconds: 10 },
  ];
  it('gives the step shown and when the next starts, cycling', () => {
    assert.deepEqual(tourPosition(steps, 1000, 1000), { index: 0, nextAt: 6000 });
    assert.deepEqual(tourPosition(steps, 1000, 7000), { index: 1, nextAt: 16_000 });
    assert.deepEqual(tourPosition(steps, 1000, 16_000), { index: 0, nextAt: 21_000 });
  });
  it('names the step a tour monitor shows', () => {
    const tour = { kind: 'tour', tourId: 't', name: 'Centre-ville', steps, startedAt: 1000 } as const;
    assert.equal(describeAssignment(tour, String, 1000), 'Ronde « Centre-ville », étape 1 sur 2');
    assert.equal(describeAssignment(tour, String, 7000), 'Ronde « Centre-ville », étape 2 sur 2');
  });
});
