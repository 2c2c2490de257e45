// Fuzzing of the protocol parsers with mutated real captures (RTSP replies, SDPs, RTP/RTCP packets from GStreamer):
// every input must give a value or a VigieError — no other exception, no hang, no unbounded memory.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readRtpCapture } from '../../test/support/rtp-capture.js';
import { isVigieError } from '../core/errors.js';
import { H264Depacketizer, parseH264Sps } from './h264/index.js';
import { H265Depacketizer, parseH265Sps } from './h265/index.js';
import { parseRtpPacket, RtpReceiver, findSenderReports, type RtpDepacketizer } from './rtp/index.js';
import { findVideoTrack, parseSdp } from './sdp/index.js';
import { parseAuthorization, parseRange, parseRtpInfo, parseSession, parseTransports, parseWwwAuthenticate, RtspMessageReader } from './rtsp/index.js';

const fixture = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(path, import.meta.url)));
const RTSP_REPLIES = [fixture('./rtsp/fixtures/gstreamer-h264-replies.bin'), fixture('./rtsp/fixtures/gstreamer-h265-replies.bin')];
const SDPS = ['gstreamer-h264.sdp', 'gstreamer-h265.sdp', 'synthetic-camera-absolute-control-with-audio.sdp', 'synthetic-camera-relative-control-audio-first.sdp'].map((name) =>
  fixture(`./sdp/fixtures/${name}`),
);
const H264_RTP = readRtpCapture(new URL('./h264/fixtures/gstreamer-x264-baseline-320x240.rtp', import.meta.url));
const H265_RTP = readRtpCapture(new URL('./h265/fixtures/gstreamer-x265-main-320x240.rtp', import.meta.url));
const RTCP = fixture('./rtp/fixtures/gstreamer-h264-sender-report.rtcp');
const HEADER_VALUES = [
  'RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=42C31E50;mode="PLAY", RTP/AVP;unicast;client_port=5000-5001',
  'Digest realm="GStreamer RTSP Server", nonce="6b2d0a3c7e", qop="auth", opaque="x", algorithm=MD5, stale=FALSE',
  'Digest username="u", realm="r", nonce="n", uri="rtsp://h/a", response="0123456789abcdef", qop=auth, nc=00000001, cnonce="c"',
  'Basic dXNlcjpwYXNz',
  '87VR4Rw2v63sW6ah;timeout=60',
  'url=rtsp://h/a/trackID=0;seq=4242;rtptime=123456789,url=rtsp://h/b;seq=1',
  'npt=0.000-12.5',
].map((text) => new Uint8Array(Buffer.from(text)));

/** xorshift32: reproducible runs; the seed is printed with any failure. */
class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state;
  }
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.below(items.length)];
    if (item === undefined) throw new Error('empty corpus');
    return item;
  }
}

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0x24, 0x0d, 0x0a, 0x3a, 0x3b, 0x2c, 0x3d, 0x22, 0x1c, 0x7c, 0x5c];

function mutate(random: Random, input: Uint8Array, corpus: readonly Uint8Array[]): Uint8Array {
  let bytes = input.slice();
  const rounds = 1 + random.below(4);
  for (let round = 0; round < rounds; round += 1) {
    const at = random.below(bytes.length + 1);
    const head = bytes.subarray(0, at);
    switch (random.below(8)) {
      case 0:
        if (bytes.length > 0) bytes[at % bytes.length] = (bytes[at % bytes.length] ?? 0) ^ (1 << random.below(8));
        break;
      case 1:
        if (bytes.length > 0) bytes[at % bytes.length] = random.pick(INTERESTING);
        break;
      case 2: {
        const noise = Uint8Array.from({ length: 1 + random.below(8) }, () => random.below(256));
        bytes = Buffer.concat([head, noise, bytes.subarray(at)]);
        break;
      }
      case 3:
        bytes = Buffer.concat([head, bytes.subarray(at + 1 + random.below(32))]);
        break;
      case 4:
        bytes = bytes.slice(0, at);
        break;
      case 5:
        bytes = Buffer.concat([head, bytes.subarray(at, at + 1 + random.below(64)), bytes.subarray(at)]);
        break;
      case 6: {
        const other = random.pick(corpus);
        const from = random.below(other.length);
        bytes = Buffer.concat([head, other.subarray(from, from + random.below(128)), bytes.subarray(at + random.below(16))]);
        break;
      }
      default:
        if (bytes.length > 3) {
          const value = random.pick([0, 1, 0xff, 0xffff, 0x7fff, 0x8000, bytes.length, bytes.length + 1]);
          bytes[at % (bytes.length - 1)] = (value >>> 8) & 0xff;
          bytes[(at % (bytes.length - 1)) + 1] = value & 0xff;
        }
    }
  }
  return bytes;
}

interface FuzzTarget {
  readonly name: string;
  readonly iterations: number;
  readonly corpus: readonly Uint8Array[];
  /** Runs one mutated input; may throw only VigieErrors. */
  run(input: Uint8Array, random: Random): void;
}

const decode = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** Chunks of random sizes through one reused buffer, as the RTSP client reads them. */
function drainReader(bytes: Uint8Array, random: Random): void {
  const reader = new RtspMessageReader();
  const scratch = new Uint8Array(400);
  for (let offset = 0; offset < bytes.length;) {
    const part = bytes.subarray(offset, offset + 1 + random.below(400));
    scratch.set(part);
    reader.push(scratch.subarray(0, part.length));
    offset += part.length;
    // Each call consumes bytes or returns undefined: a bound on the loop catches a reader that stops advancing.
    for (let guard = 0; reader.next() !== undefined; guard += 1) assert.ok(guard < bytes.length + 1, 'the reader stopped advancing');
    scratch.fill(0);
  }
}

function depacketizeWindow(packets: readonly Uint8Array[], make: () => RtpDepacketizer, random: Random, mutated: Uint8Array): void {
  const receiver = new RtpReceiver(make(), { reorderSlots: random.below(2) === 0 ? 0 : 16 });
  const start = random.below(packets.length);
  const window = packets.slice(start, start + 2 + random.below(10));
  window.splice(random.below(window.length + 1), random.below(2), mutated);
  for (const packet of window) receiver.receiveRtp(packet, 0);
}

const TARGETS: readonly FuzzTarget[] = [
  { name: 'RTSP message reader', iterations: 25_000, corpus: RTSP_REPLIES, run: (input, random) => drainReader(input, random) },
  {
    name: 'SDP parser and video track',
    iterations: 20_000,
    corpus: SDPS,
    run: (input) => {
      findVideoTrack(parseSdp(decode(input)), 'rtsp://127.0.0.1/x');
    },
  },
  { name: 'RTP packet parser', iterations: 20_000, corpus: [...H264_RTP, ...H265_RTP], run: (input) => void parseRtpPacket(input) },
  { name: 'H.264 depacketizer', iterations: 15_000, corpus: H264_RTP, run: (input, random) => depacketizeWindow(H264_RTP, () => new H264Depacketizer(), random, input) },
  { name: 'H.265 depacketizer', iterations: 15_000, corpus: H265_RTP, run: (input, random) => depacketizeWindow(H265_RTP, () => new H265Depacketizer(), random, input) },
  { name: 'RTCP', iterations: 5_000, corpus: [RTCP], run: (input) => void findSenderReports(input) },
  {
    name: 'RTSP headers',
    iterations: 5_000,
    corpus: HEADER_VALUES,
    run: (input) => {
      const text = decode(input);
      parseTransports(text);
      parseSession(text);
      parseWwwAuthenticate(text);
      parseAuthorization(text);
      parseRtpInfo(text);
      parseRange(text);
    },
  },
  {
    name: 'SPS parsers',
    iterations: 5_000,
    corpus: [H264_RTP[0] ?? new Uint8Array(0), H265_RTP[1] ?? new Uint8Array(0)].map((packet) => parseRtpPacket(packet).payload),
    run: (input) => {
      for (const parse of [parseH264Sps, parseH265Sps]) {
        try {
          parse(input);
        } catch (error) {
          if (!isVigieError(error)) throw error;
        }
      }
    },
  },
];

/** The whole run must stay well inside the test-file budget on a loaded 2-core machine. */
const TIME_BUDGET_MS = 40_000;

test('≥ 100,000 mutated captures: only values or VigieErrors, within the time budget and bounded memory', (t) => {
  const seed = Number(process.env['VIGIE_FUZZ_SEED'] ?? Date.now() % 2 ** 31);
  const random = new Random(seed);
  const started = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  let total = 0;
  const rejected: Record<string, number> = {};
  for (const target of TARGETS) {
    const targetStarted = performance.now();
    rejected[target.name] = 0;
    for (let i = 0; i < target.iterations; i += 1) {
      const input = mutate(random, random.pick(target.corpus), target.corpus);
      try {
        target.run(input, random);
      } catch (error) {
        if (!isVigieError(error)) {
          assert.fail(`${target.name} threw ${String(error)} (seed ${seed}) on ${Buffer.from(input).toString('hex').slice(0, 400)}`);
        }
        rejected[target.name] = (rejected[target.name] ?? 0) + 1;
      }
      total += 1;
    }
    t.diagnostic(`${target.name}: ${target.iterations} inputs, ${rejected[target.name]} rejected, ${Math.round(performance.now() - targetStarted)} ms`);
    assert.ok(performance.now() - started < TIME_BUDGET_MS, `fuzzing exceeded ${TIME_BUDGET_MS} ms at ${target.name} (seed ${seed})`);
  }
  assert.ok(total >= 100_000, `${total} inputs`);
  // Mutations must reach both outcomes, or the fuzzer tests nothing.
  assert.ok((rejected['RTSP message reader'] ?? 0) > 100 && (rejected['RTSP message reader'] ?? 0) < 25_000, JSON.stringify(rejected));
  assert.ok((rejected['RTP packet parser'] ?? 0) > 100 && (rejected['RTP packet parser'] ?? 0) < 20_000, JSON.stringify(rejected));
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 200 * 1024 * 1024, 'heap stayed bounded');
});

test('an endless picture (no marker, one timestamp) and an endless header stay under their ceilings', () => {
  const depacketizer = new H264Depacketizer();
  const payload = new Uint8Array(1400).fill(0x41, 0, 1);
  const packet = (seq: number): Uint8Array => Uint8Array.from([0x80, 0x60, seq >> 8, seq & 0xff, 0, 0, 0, 1, 0, 0, 0, 1, ...payload]);
  const receiver = new RtpReceiver(depacketizer, { reorderSlots: 0 });
  const heapBefore = process.memoryUsage().heapUsed;
  for (let seq = 0; seq < 20_000; seq += 1) assert.equal(receiver.receiveRtp(packet(seq % 65536), 0).length, 0);
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 20 * 1024 * 1024, '28 MB of one picture were not all kept');
  const last = Uint8Array.from([0x80, 0xe0, 0x4e, 0x20, 0, 0, 0, 2, 0, 0, 0, 1, 0x65, 0x88]);
  const after = receiver.receiveRtp(last, 0);
  assert.deepEqual(
    after.map((unit) => unit.isKeyframe),
    [true],
    'the overflowed picture is dropped; the next keyframe comes through',
  );
  assert.equal(depacketizer.stats.unitsDropped, 0, 'nothing was delivered yet: skipped, not lost');
  assert.equal(depacketizer.stats.unitsEmitted, 1);
  const reader = new RtspMessageReader();
  assert.throws(
    () => {
      for (let i = 0; i < 100; i += 1) {
        reader.push(Buffer.from(`X-Pad: ${'a'.repeat(1000)}\r\n`));
        reader.next();
      }
    },
    { code: 'VIGIE_RTSP_MESSAGE_TOO_LARGE' },
  );
});
