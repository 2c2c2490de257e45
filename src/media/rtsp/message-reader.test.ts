import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { writeInterleavedFrame } from './interleaved-frame.js';
import { getHeader, getHeaders, writeRequest, writeResponse, type RtspResponse } from './message.js';
import { RtspMessageReader, type RtspStreamItem } from './message-reader.js';

const GST_REPLIES = new Uint8Array(readFileSync(new URL('./fixtures/gstreamer-h264-replies.bin', import.meta.url)));

function drain(reader: RtspMessageReader): RtspStreamItem[] {
  const items: RtspStreamItem[] = [];
  for (let item = reader.next(); item !== undefined; item = reader.next()) items.push(item);
  return items;
}

test('GStreamer replies fed one byte at a time: OPTIONS, DESCRIBE with SDP body, SETUP', () => {
  const reader = new RtspMessageReader();
  const items: RtspStreamItem[] = [];
  for (const byte of GST_REPLIES) {
    reader.push(Uint8Array.of(byte));
    items.push(...drain(reader));
  }
  const replies = items as RtspResponse[];
  assert.deepEqual(
    replies.map((r) => [r.kind, r.statusCode, getHeader(r, 'CSeq')]),
    [
      ['response', 200, '1'],
      ['response', 200, '2'],
      ['response', 200, '3'],
    ],
  );
  assert.match(Buffer.from(replies[1]?.body ?? []).toString(), /^v=0\r\n[\s\S]*a=rtpmap:96 H264\/90000/);
  assert.equal(getHeader(replies[2] ?? replies[0]!, 'transport'), 'RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=42C31E50;mode="PLAY"');
  assert.equal(reader.pendingBytes, 0);
});

test('interleaved frames between replies are views of the received chunk', () => {
  const chunk = new Uint8Array(Buffer.concat([writeInterleavedFrame(0, Uint8Array.of(1, 2, 3)), writeResponse(200, 'OK', [['CSeq', 4]]), writeInterleavedFrame(1, Uint8Array.of(9))]));
  const reader = new RtspMessageReader();
  reader.push(chunk);
  const items = drain(reader);
  assert.deepEqual(
    items.map((i) => i.kind),
    ['interleaved', 'response', 'interleaved'],
  );
  const first = items[0];
  assert.ok(first?.kind === 'interleaved' && first.payload.buffer === chunk.buffer && first.channel === 0);
});

test('a frame split across chunks is joined alone, the rest of the chunk read in place', () => {
  const frames = [Uint8Array.of(1, 2, 3, 4, 5), Uint8Array.of(6, 7), Uint8Array.of(8, 9, 10)].map((p, i) => writeInterleavedFrame(i, p));
  const stream = Buffer.concat([...frames, writeResponse(200, 'OK', [['CSeq', 5]])]);
  for (let cut = 1; cut < stream.length; cut += 1) {
    const reader = new RtspMessageReader();
    const items: RtspStreamItem[] = [];
    const payloads: number[][] = [];
    for (const part of [stream.subarray(0, cut), stream.subarray(cut)]) {
      reader.push(new Uint8Array(part));
      for (const item of drain(reader)) {
        items.push(item);
        if (item.kind === 'interleaved') payloads.push([item.channel, ...item.payload]);
      }
    }
    assert.deepEqual(
      payloads,
      [
        [0, 1, 2, 3, 4, 5],
        [1, 6, 7],
        [2, 8, 9, 10],
      ],
      `cut at ${cut}`,
    );
    assert.deepEqual(items.map((i) => i.kind).at(-1), 'response');
    assert.equal(reader.pendingBytes, 0);
  }
});

test('requests with repeated headers, continuation lines and LF-only endings', () => {
  const reader = new RtspMessageReader();
  reader.push(Buffer.from('DESCRIBE rtsp://h/a RTSP/1.0\nCSeq: 2\nX-A: one\n  two\nWWW-Authenticate: Basic realm="a"\nWWW-Authenticate: Digest realm="a", nonce="n"\n\n'));
  const [request] = drain(reader);
  assert.ok(request?.kind === 'request');
  assert.deepEqual([request.method, request.url, getHeader(request, 'x-a')], ['DESCRIBE', 'rtsp://h/a', 'one two']);
  assert.equal(getHeaders(request, 'www-authenticate').length, 2);
  assert.match(
    writeRequest('OPTIONS', '*', [
      ['CSeq', 1],
      ['X', 'a\r\nInjected: yes'],
    ]).toString(),
    /^OPTIONS \* RTSP\/1.0\r\nCSeq: 1\r\nX: a Injected: yes\r\n\r\n$/,
  );
});

test('ceilings and garbage are VigieErrors', () => {
  const huge = new RtspMessageReader();
  huge.push(Buffer.from(`RTSP/1.0 200 OK\r\nX: ${'a'.repeat(20_000)}`));
  assert.throws(() => huge.next(), { code: 'VIGIE_RTSP_MESSAGE_TOO_LARGE' });
  const body = new RtspMessageReader();
  body.push(Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n'));
  assert.throws(() => body.next(), { code: 'VIGIE_RTSP_MESSAGE_TOO_LARGE' });
  const garbage = new RtspMessageReader();
  garbage.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'));
  assert.throws(() => garbage.next(), { code: 'VIGIE_RTSP_MALFORMED' });
  const partial = new RtspMessageReader();
  partial.push(Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nab'));
  assert.equal(partial.next(), undefined);
});

test('read through one reused receive buffer, at every cut: items come out whole and the buffer may be overwritten', () => {
  const frames = [Uint8Array.of(1, 2, 3, 4, 5), new Uint8Array(3000).fill(7), Uint8Array.of(8, 9, 10)].map((p, i) => writeInterleavedFrame(i, p));
  const reply = writeResponse(200, 'OK', [
    ['CSeq', 5],
    ['Content-Length', 4],
  ]);
  const stream = Buffer.concat([frames[0] ?? Buffer.alloc(0), GST_REPLIES, frames[1] ?? Buffer.alloc(0), reply, Buffer.from('body'), frames[2] ?? Buffer.alloc(0)]);
  const expected = (cutEvery: number): string[] => {
    const reader = new RtspMessageReader();
    const seen: string[] = [];
    const scratch = new Uint8Array(cutEvery);
    for (let offset = 0; offset < stream.length; offset += cutEvery) {
      const part = stream.subarray(offset, offset + cutEvery);
      scratch.set(part);
      reader.push(scratch.subarray(0, part.length));
      // Each item is used before the next call, as the contract says (a payload may live in the reader's carry).
      for (let item = reader.next(); item !== undefined; item = reader.next()) {
        if (item.kind === 'interleaved') seen.push(`$${item.channel}:${item.payload.length}:${item.payload.reduce((a, b) => (a * 31 + b) % 65521, 0)}`);
        else seen.push(`${item.kind}:${getHeader(item, 'cseq')}:${Buffer.from(item.body).toString('latin1').length}`);
      }
      scratch.fill(0xee); // the next read lands in the same buffer
    }
    assert.equal(reader.pendingBytes, 0, `cut every ${cutEvery}`);
    return seen;
  };
  const whole = expected(stream.length);
  assert.equal(whole.length, 7);
  for (const cut of [1, 2, 3, 4, 5, 7, 64, 1000, 1499, 4096]) assert.deepEqual(expected(cut), whole, `cut every ${cut}`);
});
