// A volume's free space and size are those of the file system it is on, even before its folder exists (a new
// installation, or recording not yet started): not an empty disk that the storage page would call full.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { statfsProbe, Volumes } from './volumes.js';

test('a volume whose folder is not made yet reads the file system of its nearest existing parent', () => {
  const parent = mkdtempSync(join(tmpdir(), 'vigie-volume-'));
  try {
    const root = join(parent, 'not', 'yet', 'recordings');
    const volumes = new Volumes([root]);
    const fs = statfsSync(parent);
    assert.equal(volumes.capacityBytes(root), fs.blocks * fs.bsize);
    // Free space moves while other tests write to the same disk: the parent's figure, give or take 1 GiB.
    const parentFree = fs.bavail * fs.bsize;
    for (const free of [volumes.freeBytes(root), statfsProbe(root)]) {
      assert.ok(free > 0);
      assert.ok(Math.abs(free - parentFree) < 2 ** 30, `${free} free bytes read, the parent has ${parentFree}`);
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a volume under a file that is not a folder cannot be read: it counts as full', () => {
  const root = join('/proc/self/status', 'recordings');
  assert.equal(new Volumes([root]).freeBytes(root), 0);
});
