// What a refused call threw: the VigieError (its code and French message) — fails the test when nothing was thrown.
import assert from 'node:assert/strict';
import { VigieError } from '../../src/core/errors.js';

export async function refusal(promise: Promise<unknown>): Promise<VigieError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof VigieError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}
