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
    const pictures: Array<readonly Uint8Array[]> = [];
    for (let offset = 0; offset < stream.length; offset += chunkSize) pictures.push(...reader.push(stream.subarray(offset, offset + chunkSize)).map((p) => p.nalUnits));
    pictures.push(...reader.flush().map((p) => p.nalUnits));
    assert.equal(pictures.length, 3, `chunk size ${chunkSize}`);
    assert.deepEqual(
      pictures[0]?.map((nal) => [...nal]),
      [sps.slice(4), pps.slice(3), idr.slice(4)],
    );
    assert.deepEqual(
      pictures[1]?.map((nal) => [...nal]),
      [slice.slice(3)],
    );
    assert.deepEqual(
      pictures[2]?.map((nal) => [...nal]),
      [slice.slice(3)],
    );
  }
});

it('marks keyframes: IDR for H.264, IRAP for H.265', () => {
  const h264 = new AnnexBAccessUnitReader('h264');
  const h264Pictures = [...h264.push(Uint8Array.from([...aud, ...sps, ...pps, ...idr, ...aud, ...slice])), ...h264.flush()];
  assert.deepEqual(
    h264Pictures.map((p) => p.isKeyframe),
    [true, false],
  );

  // H.265 NAL header: forbidden(1) type(6) layer(6) tid(3): AUD 35, IDR_W_RADL 19, TRAIL_R 1.
  const h265Aud = [0, 0, 0, 1, 35 << 1, 0x01, 0x50];
  const h265Idr = [0, 0, 1, 19 << 1, 0x01, 0xaf, 0x10];
  const h265Trail = [0, 0, 1, 1 << 1, 0x01, 0xd0, 0x22];
  const h265 = new AnnexBAccessUnitReader('h265');
  const h265Pictures = [...h265.push(Uint8Array.from([...h265Aud, ...h265Idr, ...h265Aud, ...h265Trail])), ...h265.flush()];
  assert.deepEqual(
    h265Pictures.map((p) => p.isKeyframe),
    [true, false],
  );
  assert.deepEqual(
    h265Pictures.map((p) => p.nalUnits.length),
    [1, 1],
  );
});
