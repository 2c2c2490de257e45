import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuthorization, writeBasicAuthorization, writeDigestAuthorization } from './authorization.js';
import { parseRange, writeRange } from './range.js';
import { parseRtpInfo, writeRtpInfo } from './rtp-info.js';
import { parseSession, writeSession } from './session.js';
import { parseTransport, parseTransports, writeTransport } from './transport.js';
import { parseWwwAuthenticate, writeWwwAuthenticate } from './www-authenticate.js';

test('Transport: TCP interleaved, UDP ports, alternatives, and writing back', () => {
  assert.deepEqual(parseTransport('RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=42C31E50;mode="PLAY"'), {
    protocol: 'RTP/AVP/TCP',
    unicast: true,
    interleaved: [0, 1],
    ssrc: 0x42c31e50,
    mode: 'PLAY',
  });
  const [udp, tcp] = parseTransports('RTP/AVP;unicast;client_port=5000-5001;server_port=6970, RTP/AVP/TCP;interleaved=2');
  assert.deepEqual(
    [udp?.clientPort, udp?.serverPort, tcp?.interleaved],
    [
      [5000, 5001],
      [6970, 6971],
      [2, 3],
    ],
  );
  assert.equal(
    writeTransport({ protocol: 'RTP/AVP', unicast: true, clientPort: [5000, 5001], serverPort: [6000, 6001], ssrc: 10 }),
    'RTP/AVP;unicast;client_port=5000-5001;server_port=6000-6001;ssrc=0000000A',
  );
  assert.equal(parseTransport('RTP/AVP;interleaved=999-1000').interleaved, undefined);
});

test('Session: id and timeout (default 60 s)', () => {
  assert.deepEqual(parseSession('87VR4Rw2v63sW6ah;timeout=30'), { id: '87VR4Rw2v63sW6ah', timeoutS: 30 });
  assert.deepEqual(parseSession('abc'), { id: 'abc', timeoutS: 60 });
  assert.equal(parseSession('bad id;timeout=5'), undefined);
  assert.equal(writeSession({ id: 'x', timeoutS: 60 }), 'x;timeout=60');
});

test('WWW-Authenticate: Basic and Digest challenges (RFC 2617 §3.2.1)', () => {
  assert.deepEqual(parseWwwAuthenticate('Basic realm="cam"'), { scheme: 'basic', realm: 'cam' });
  const digest = parseWwwAuthenticate('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  assert.deepEqual(digest, {
    scheme: 'digest',
    realm: 'testrealm@host.com',
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    algorithm: 'MD5',
    qop: ['auth', 'auth-int'],
    stale: false,
    opaque: '5ccc069c403ebaf9f0171e9517f40e41',
  });
  assert.equal(parseWwwAuthenticate('Digest realm="x", nonce="n", algorithm=SHA-512-256'), undefined);
  assert.equal(writeWwwAuthenticate({ scheme: 'digest', realm: 'a"b', nonce: 'n', algorithm: 'MD5', qop: [], stale: true }), 'Digest realm="a\\"b", nonce="n", algorithm=MD5, stale=true');
});

test('Authorization: Basic and Digest both ways', () => {
  assert.deepEqual(parseAuthorization(writeBasicAuthorization('user', 'pa:ss')), { scheme: 'basic', username: 'user', password: 'pa:ss' });
  const header = writeDigestAuthorization({
    username: 'Mufasa',
    realm: 'r',
    nonce: 'n',
    uri: 'rtsp://h/a',
    response: 'abc',
    algorithm: 'MD5',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'c',
    opaque: undefined,
  });
  assert.equal(header, 'Digest username="Mufasa", realm="r", nonce="n", uri="rtsp://h/a", response="abc", qop=auth, nc=00000001, cnonce="c"');
  const parsed = parseAuthorization(header);
  assert.ok(parsed?.scheme === 'digest' && parsed.uri === 'rtsp://h/a' && parsed.qop === 'auth' && parsed.cnonce === 'c');
  assert.equal(parseAuthorization('Digest username="x"'), undefined);
  assert.equal(parseAuthorization('Bearer abc'), undefined);
});

test('Range and RTP-Info', () => {
  assert.deepEqual(parseRange('npt=0.000-'), { startS: 0, endS: undefined });
  assert.deepEqual(parseRange('npt=now-'), { startS: undefined, endS: undefined });
  assert.equal(writeRange({ startS: 1.5, endS: 3 }), 'npt=1.500-3.000');
  const info = 'url=rtsp://h/a/trackID=0;seq=4242;rtptime=123456789,url=rtsp://h/a,b/trackID=1;seq=1';
  assert.deepEqual(parseRtpInfo(info), [
    { url: 'rtsp://h/a/trackID=0', seq: 4242, rtptime: 123456789 },
    { url: 'rtsp://h/a,b/trackID=1', seq: 1 },
  ]);
  assert.equal(writeRtpInfo(parseRtpInfo(info)), info);
});
