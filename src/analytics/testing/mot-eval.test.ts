import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateMot, parseMot } from './mot-eval.js';

const gt = parseMot(['1,1,0,0,10,20,1', '2,1,2,0,10,20,1', '3,1,4,0,10,20,1', '1,2,50,50,10,20,1', '2,2,50,50,10,20,1', '3,2,50,50,10,20,1', '3,3,90,90,5,5,0'].join('\n'));

describe('MOT evaluator', () => {
  it('scores a perfect tracker 1 and ignores conf-0 rows', () => {
    const s = evaluateMot(gt, gt);
    assert.equal(s.gt, 6);
    assert.equal(s.mota, 1);
    assert.equal(s.idf1, 1);
  });

  it('counts misses, false positives and identity switches', () => {
    const hyp = parseMot(['1,7,0,0,10,20', '2,7,2,0,10,20', '3,8,4,0,10,20', '1,9,50,50,10,20', '2,9,200,200,10,20'].join('\n'));
    const s = evaluateMot(gt, hyp);
    assert.equal(s.idsw, 1);
    assert.equal(s.fn, 2); // person 2 missed in frames 2 and 3
    assert.equal(s.fp, 1); // the box far away
    assert.ok(Math.abs(s.mota - (1 - 4 / 6)) < 1e-9);
    // IDF1: id 7 ↔ 1 (2 frames), id 9 ↔ 2 (1 frame): 2·3 / (6 + 5).
    assert.ok(Math.abs(s.idf1 - 6 / 11) < 1e-9);
  });

  it('scales the ground truth and stops at the last frame analysed', () => {
    const scaled = parseMot('1,1,10,10,20,20,1\n2,1,10,10,20,20,1', 0.5);
    assert.deepEqual(scaled[0], { frame: 1, id: 1, x: 5, y: 5, w: 10, h: 10 });
    assert.equal(evaluateMot(scaled, [], 1).gt, 1);
  });
});
