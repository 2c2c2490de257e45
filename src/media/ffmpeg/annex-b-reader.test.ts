import { it } from 'node:test';
import assert from 'node:assert/strict';
import { AnnexBAccessUnitReader } from './annex-b-reader.js';

const aud = [0, 0, 0, 1, 0x09, 0xf0];
const sps = [0, 0, 0, 1, 0x67, 0x64, 0x00, 0x1f];
const pps = [0, 0, 1, 0x68, 0xee, 0x3c, 0x80];
const idr = [0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00, 0x00, 0x03, 0x01];
const slice = [0, 0, 1, 0x41, 0x9a, 0x02];

it('splits pictures at AUDs whatever the chunk boundaries', () => {
  const stream = Uint8Array.from([...aud, ...sps, ...pps, ...idr, ...aud, ...slice, ...aud, ...slice]);
  for (let chunkSize = 1; chunkSize <= stream.length; chunkSize += 3) {
    const reader = new AnnexBAccessUnitReader();
    const pictures: Uint8Array[][] = [];
    for (let offset = 0; offset < stream.length; offset += chunkSize) pictures.push(...reader.push(stream.subarray(offset, offset + chunkSize)));
    pictures.push(...reader.flush());
    assert.equal(pictures.length, 3, `chunk size ${chunkSize}`);
    assert.deepEqual(pictures[0]?.map((nal) => [...nal]), [sps.slice(4), pps.slice(3), idr.slice(4)]);
    assert.deepEqual(pictures[1]?.map((nal) => [...nal]), [slice.slice(3)]);
    assert.deepEqual(pictures[2]?.map((nal) => [...nal]), [slice.slice(3)]);
  }
});
