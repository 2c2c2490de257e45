// ONVIF Media2 privacy masks: Vigie's picture fractions ↔ the camera's normalised coordinates, the Mask element
// Vigie sends, and the round trip against the simulator's camera (which then really burns the mask in).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { runToCompletion } from '../../sim/ffmpeg-process.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { isVigieError } from '../core/errors.js';
import { OnvifClient } from './index.js';
import { fromOnvifPoint, maskXml, parseMaskOptions, parseMasks, toOnvifPoint } from './privacy-masks.js';
import { parseXml } from './xml.js';

describe('picture fractions ↔ ONVIF normalised coordinates', () => {
  test('corners and centre map onto the Media2 square (y up)', () => {
    assert.deepEqual(toOnvifPoint({ x: 0, y: 0 }), { x: -1, y: 1 });
    assert.deepEqual(toOnvifPoint({ x: 1, y: 1 }), { x: 1, y: -1 });
    assert.deepEqual(toOnvifPoint({ x: 0.5, y: 0.5 }), { x: 0, y: 0 });
    assert.deepEqual(toOnvifPoint({ x: 0.25, y: 0.75 }), { x: -0.5, y: -0.5 });
  });

  test('round trip keeps the point', () => {
    for (const point of [
      { x: 0.1, y: 0.2 },
      { x: 0.45, y: 0.6 },
      { x: 0.333333, y: 0.9 },
    ])
      assert.deepEqual(fromOnvifPoint(toOnvifPoint(point)), point);
  });

  test('the Mask element: configuration, points in camera coordinates, black Color, enabled', () => {
    const xml = maskXml('tr2:Mask', 'vsc&1', [
      { x: 0, y: 0 },
      { x: 0.5, y: 0 },
      { x: 0.5, y: 0.5 },
    ]);
    const mask = parseXml(`<r xmlns:tr2="a" xmlns:tt="b">${xml}</r>`);
    assert.match(xml, /<tt:ConfigurationToken>vsc&amp;1<\/tt:ConfigurationToken>/);
    assert.match(xml, /<tt:Point x="-1" y="1"\/><tt:Point x="0" y="1"\/><tt:Point x="0" y="0"\/>/);
    assert.match(xml, /<tt:Type>Color<\/tt:Type><tt:Color X="16" Y="128" Z="128"/);
    assert.equal(mask.children[0]?.attributes['token'], undefined);
    assert.match(maskXml('tr2:Mask', 'vsc1', [{ x: 0, y: 0 }], 'mask"2'), /<tr2:Mask token="mask&quot;2">/);
  });

  test('GetMasks and GetMaskOptions answers are read back into picture fractions', () => {
    const masks = parseMasks(
      parseXml(
        '<tr2:GetMasksResponse xmlns:tr2="a" xmlns:tt="b"><tr2:Masks token="m1"><tt:ConfigurationToken>vsc1</tt:ConfigurationToken>' +
          '<tt:Polygon><tt:Point x="-1" y="1"/><tt:Point x="0" y="1"/><tt:Point x="0" y="0"/></tt:Polygon><tt:Type>Pixelated</tt:Type><tt:Enabled>false</tt:Enabled></tr2:Masks></tr2:GetMasksResponse>',
      ),
    );
    assert.deepEqual(masks, [
      {
        token: 'm1',
        configurationToken: 'vsc1',
        polygon: [
          { x: 0, y: 0 },
          { x: 0.5, y: 0 },
          { x: 0.5, y: 0.5 },
        ],
        type: 'Pixelated',
        enabled: false,
      },
    ]);
    const options = parseMaskOptions(
      parseXml(
        '<r xmlns:tr2="a" xmlns:tt="b"><tr2:Options RectangleOnly="true" SingleColorOnly="false"><tt:MaxMasks>4</tt:MaxMasks><tt:MaxPoints>8</tt:MaxPoints><tt:Types>Color</tt:Types><tt:Types>Blurred</tt:Types></tr2:Options></r>',
      ),
    );
    assert.deepEqual(options, { maxMasks: 4, maxPoints: 8, types: ['Color', 'Blurred'], rectangleOnly: true, singleColorOnly: false });
  });
});

describe('privacy masks on the simulator camera', () => {
  const AUTH = { username: 'admin-onvif', password: 'masques' };
  let sim: Simulator;
  let client: OnvifClient;

  before(async () => {
    sim = await startSimulator({ cameras: 2, ptz: 1, port: 0, auth: AUTH, cacheDir: TEST_CACHE_DIR });
    client = new OnvifClient({ url: sim.urls[0]?.onvif ?? '', credentials: AUTH });
  });
  after(async () => sim?.close());

  test('create, list, change, delete; the camera burns the mask into its picture', async () => {
    assert.equal(await client.hasMedia2(), true);
    const profiles = await client.getProfiles();
    const configuration = profiles[0]?.videoSourceConfigurationToken ?? '';
    assert.equal(configuration, 'vsc1');
    const options = await client.getMaskOptions(configuration);
    assert.ok(options.maxMasks >= 1 && options.types.includes('Color'));
    const square = [
      { x: 0.1, y: 0.3 },
      { x: 0.4, y: 0.3 },
      { x: 0.4, y: 0.7 },
      { x: 0.1, y: 0.7 },
    ];
    const token = await client.createMask(configuration, square);
    const listed = await client.getMasks(configuration);
    assert.deepEqual(
      listed.map((m) => [m.token, m.polygon]),
      [[token, square]],
    );
    const darkShare = async (): Promise<number> => {
      const gray = await runToCompletion(
        'ffmpeg',
        ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
        (await sim.ptz(1)?.snapshot()) ?? Buffer.alloc(0),
      );
      const width = 640;
      let dark = 0;
      let total = 0;
      for (let y = Math.ceil(0.3 * 360) + 2; y < Math.floor(0.7 * 360) - 2; y += 1)
        for (let x = Math.ceil(0.1 * width) + 2; x < Math.floor(0.4 * width) - 2; x += 1) {
          total += 1;
          if ((gray[y * width + x] ?? 255) <= 40) dark += 1;
        }
      return dark / total;
    };
    assert.equal(await darkShare(), 1, 'the masked square is black in the camera’s picture');
    const camera = sim.ptz(1);
    assert.ok(camera !== undefined);
    camera.privacyMasks.ignoring = true;
    assert.ok((await darkShare()) < 0.5, 'a lying camera lists the mask but shows the picture');
    camera.privacyMasks.ignoring = false;
    await client.setMask(token, configuration, square.slice(0, 3));
    assert.equal((await client.getMasks())[0]?.polygon.length, 3);
    await client.deleteMask(token);
    assert.deepEqual(await client.getMasks(), []);
    await assert.rejects(client.deleteMask(token), (error) => isVigieError(error) && error.code === 'VIGIE_ONVIF_FAULT');
  });
});
