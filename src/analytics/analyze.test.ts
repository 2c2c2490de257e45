import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reportedInMot } from './analyze.js';

describe('MOTChallenge output', () => {
  it('reports a person once seen clearly, not a track born of faint detections only, nor other classes', () => {
    assert.equal(reportedInMot({ className: 'person', peak: 0.8, confidence: 0.45 }), true);
    // A rock taken for a person at 0.40–0.48 for the whole clip.
    assert.equal(reportedInMot({ className: 'person', peak: 0.48, confidence: 0.45 }), false);
    // Seen clearly once, but the recent detections no longer hold up.
    assert.equal(reportedInMot({ className: 'person', peak: 0.8, confidence: 0.3 }), false);
    assert.equal(reportedInMot({ className: 'car', peak: 0.9, confidence: 0.9 }), false);
  });
});
