import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRtpCapture } from '../../../test/support/rtp-capture.js';
import { H264Depacketizer } from '../h264/rtp-depacketizer.js';
import { releaseUnit, retainUnit, type AccessUnit } from '../hub/access-unit.js';
import { parseRtpPacket, type RtpPacket } from './rtp-packet.js';
import { SampleSlabPool, SLAB_BYTES } from './sample-slabs.js';

describe('SampleSlabPool', () => {
  it('reuses a slab only once every hold on it is released', () => {
    const pool = new SampleSlabPool({ debug: true });
    const slab = pool.take(100);
    assert.equal(slab.bytes.length, SLAB_BYTES);
    slab.retain();
    slab.release();
    assert.deepEqual(pool.stats(), { slabsAllocated: 1, slabsReused: 0, slabsFree: 0 }, 'still held once');
    slab.release();
    assert.equal(pool.stats().slabsFree, 1);
    const again = pool.take(100);
    assert.equal(again.bytes, slab.bytes, 'the same memory, handed out again');
    assert.deepEqual(pool.stats(), { slabsAllocated: 1, slabsReused: 1, slabsFree: 0 });
  });

  it('debug mode overwrites a slab handed back and refuses any use of it afterwards', () => {
    const pool = new SampleSlabPool({ debug: true });
    const slab = pool.take(10);
    slab.bytes.set([0, 0, 0, 1, 0x65], 0);
    slab.release();
    assert.deepEqual([...slab.bytes.subarray(0, 5)], [0xfe, 0xfe, 0xfe, 0xfe, 0xfe]);
    assert.throws(() => slab.release(), /used after it went back to the pool/);
    assert.throws(() => slab.retain(), /used after it went back to the pool/);
    assert.equal(pool.stats().slabsFree, 1, 'handed back once only');
  });

  it('outside debug mode a stray release is ignored rather than handing the slab out twice', () => {
    const pool = new SampleSlabPool();
    const slab = pool.take(10);
    slab.release();
    slab.release();
    slab.retain();
    slab.release();
    assert.equal(pool.stats().slabsFree, 1);
  });

  it('keeps neither outsized slabs nor more free slabs than its ceiling', () => {
    const pool = new SampleSlabPool({ maxFreeSlabs: 1 });
    const big = pool.take(SLAB_BYTES + 1);
    assert.equal(big.bytes.length, 2 * (SLAB_BYTES + 1), 'room for the next pictures behind an outsized one');
    big.release();
    assert.equal(pool.stats().slabsFree, 0);
    const a = pool.take(1);
    const b = pool.take(1);
    a.release();
    b.release();
    assert.equal(pool.stats().slabsFree, 1);
  });
});

// 2.2 s of GStreamer x264enc → rtph264pay: about 33 KB, so forty passes fill several slabs.
const CAPTURE = readRtpCapture(new URL('../h264/fixtures/gstreamer-x264-baseline-320x240.rtp', import.meta.url)).map(parseRtpPacket);
const CAPTURE_SPAN_90K = 3 * 90_000;

function* passes(count: number): Generator<RtpPacket> {
  for (let pass = 0; pass < count; pass += 1) {
    for (const packet of CAPTURE) yield { ...packet, timestamp: (packet.timestamp + pass * CAPTURE_SPAN_90K) >>> 0 };
  }
}

describe('depacketizing into pooled slabs', () => {
  it('hands out each unit held once; released units are reused, held ones stay intact', () => {
    const plain = new H264Depacketizer();
    const reference = [...passes(1)].flatMap((packet) => plain.push(packet, 0, 0).map((unit) => Uint8Array.from(unit.sample)));
    const pool = new SampleSlabPool({ debug: true, maxFreeSlabs: 2 });
    const depacketizer = new H264Depacketizer({ slabs: pool });
    const kept: Array<{ readonly unit: AccessUnit; readonly expected: Uint8Array }> = [];
    let count = 0;
    for (const packet of passes(40)) {
      for (const unit of depacketizer.push(packet, 0, 0)) {
        const expected = reference[count % reference.length];
        assert.ok(expected !== undefined);
        assert.deepEqual(unit.sample, expected, `unit ${count} as depacketized`);
        // Every tenth unit of the first pass is kept (held) to the end; the others are let go at once.
        if (count < reference.length && count % 10 === 0) {
          retainUnit(unit);
          kept.push({ unit, expected });
        }
        releaseUnit(unit);
        count += 1;
      }
    }
    assert.equal(count, 40 * reference.length);
    const stats = pool.stats();
    assert.ok(stats.slabsReused > 0, `slabs reused: ${JSON.stringify(stats)}`);
    for (const { unit, expected } of kept) assert.deepEqual(unit.sample, expected, 'a held unit is never written over');
    kept.forEach(({ unit }) => releaseUnit(unit));
  });

  it('without a pool, units carry no storage and nothing is counted', () => {
    const depacketizer = new H264Depacketizer();
    const units = [...passes(1)].flatMap((packet) => depacketizer.push(packet, 0, 0));
    assert.ok(units.length > 0);
    assert.ok(units.every((unit) => unit.storage === undefined));
  });
});
