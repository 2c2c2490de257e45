// The legal-floor check of the recording profile.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { profileWarning } from './profile-check.js';

it('warns below 704×576 / 12 fps for narrow-field cameras and 352×288 / 6 fps otherwise', () => {
  assert.equal(profileWarning({ narrowField: true, width: 704, height: 576, frameRate: 12 }), undefined);
  assert.match(profileWarning({ narrowField: true, width: 640, height: 480, frameRate: 25 }) ?? '', /resolution 640×480 is below 704×576/);
  assert.match(profileWarning({ narrowField: true, width: 1920, height: 1080, frameRate: 10 }) ?? '', /frame rate 10 fps is below 12 fps/);
  assert.equal(profileWarning({ narrowField: false, width: 640, height: 480, frameRate: 6 }), undefined);
  assert.match(profileWarning({ narrowField: false, width: 320, height: 240, frameRate: 25 }) ?? '', /wide-field camera: resolution 320×240 is below 352×288/);
  assert.equal(profileWarning({ narrowField: true }), undefined, 'nothing known yet, nothing to say');
});
