import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isVigieError } from '../../core/errors.js';
import { BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';

test('reads fixed-width fields most significant bit first', () => {
  const r = new BitReader(Uint8Array.of(0b1010_0000, 0xff, 0x12, 0x34, 0x56, 0x78));
  assert.equal(r.readBit(), 1);
  assert.equal(r.readBits(3), 0b010);
  assert.equal(r.readBits(4), 0);
  assert.equal(r.readBits(8), 0xff);
  assert.equal(r.readBits(32), 0x12345678);
  assert.equal(r.bitsLeft, 0);
});

test('exp-Golomb codes of H.264 Table 9-2 (ue) and 9-3 (se)', () => {
  // 1 | 010 | 011 | 00100 | 00101 | 0001000  → ue 0,1,2,3,4,7
  const w = new BitWriter();
  for (const bits of ['1', '010', '011', '00100', '00101', '0001000']) for (const b of bits) w.writeBit(Number(b));
  const r = new BitReader(w.toBytes());
  assert.deepEqual([r.readUe(), r.readUe(), r.readUe(), r.readUe(), r.readUe(), r.readUe()], [0, 1, 2, 3, 4, 7]);
  const s = new BitWriter();
  for (const value of [0, 1, -1, 2, -2, 1000, -1000]) s.writeSe(value);
  const rs = new BitReader(s.toBytes());
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6].map(() => rs.readSe()),
    [0, 1, -1, 2, -2, 1000, -1000],
  );
});

test('writer and reader agree on large unsigned values', () => {
  const w = new BitWriter();
  w.writeUe(2 ** 31);
  w.writeBits(0xdeadbeef, 32);
  w.writeTrailingBits();
  const r = new BitReader(w.toBytes());
  assert.equal(r.readUe(), 2 ** 31);
  assert.equal(r.readBits(32), 0xdeadbeef);
});

test('reading past the end is a VigieError, not a wrong value', () => {
  const r = new BitReader(Uint8Array.of(0x00));
  assert.throws(
    () => r.readUe(),
    (error) => isVigieError(error) && error.code === 'VIGIE_BITSTREAM_TRUNCATED',
  );
  assert.throws(
    () => new BitReader(new Uint8Array(0)).readBits(1),
    (error) => isVigieError(error) && error.code === 'VIGIE_BITSTREAM_TRUNCATED',
  );
  assert.throws(
    () => new BitReader(new Uint8Array(8)).readUe(),
    (error) => isVigieError(error) && error.code === 'VIGIE_BITSTREAM_INVALID',
  );
});
