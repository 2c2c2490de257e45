import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRtpPacket, serializeRtpPacket } from './rtp-packet.js';
import { RtpSequenceUnwrapper } from './sequence-unwrapper.js';
import { RtpTimestampUnwrapper } from './timestamp-unwrapper.js';

const packet = (seq: number) => parseRtpPacket(serializeRtpPacket({ marker: false, payloadType: 96, sequenceNumber: seq & 0xffff, timestamp: 0, ssrc: 1 }, new Uint8Array(1)));
function feed(u: RtpSequenceUnwrapper, seqs: number[]): string[] {
  const out: string[] = [];
  for (const seq of seqs) u.push(packet(seq), (p, lostBefore) => out.push(`${p.sequenceNumber}${lostBefore > 0 ? `(-${lostBefore})` : ''}`));
  return out;
}

test('in order across the 16-bit wrap', () => {
  assert.deepEqual(feed(new RtpSequenceUnwrapper(4), [65534, 65535, 0, 1]), ['65534', '65535', '0', '1']);
});

test('reordered packets are released in order; duplicates and late packets are dropped', () => {
  assert.deepEqual(feed(new RtpSequenceUnwrapper(4), [10, 12, 11, 13, 13, 9]), ['10', '11', '12', '13']);
});

test('a gap still open when the buffer is full is declared lost', () => {
  const u = new RtpSequenceUnwrapper(2);
  assert.deepEqual(feed(u, [1, 4, 5, 6, 7]), ['1', '4(-2)', '5', '6', '7']);
  assert.equal(u.lostTotal, 2);
});

test('with no reorder slots (TCP) a gap is reported at once; a huge jump resynchronises', () => {
  const u = new RtpSequenceUnwrapper(0);
  assert.deepEqual(feed(u, [100, 103, 104, 40000, 40001]), ['100', '103(-2)', '104', '40000', '40001']);
  assert.equal(u.lostTotal, 2);
});

test('32-bit RTP timestamps unwrap forward and tolerate small steps back', () => {
  const u = new RtpTimestampUnwrapper();
  assert.deepEqual(
    [2 ** 32 - 3000, 2 ** 32 - 1, 2999, 1000, 6000].map((t) => u.unwrap(t)),
    [2 ** 32 - 3000, 2 ** 32 - 1, 2 ** 32 + 2999, 2 ** 32 + 1000, 2 ** 32 + 6000],
  );
});
