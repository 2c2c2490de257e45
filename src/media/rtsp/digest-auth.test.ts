import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digestHa1, digestResponse, sameDigest } from './digest-auth.js';
import { parseAuthorization } from './headers/authorization.js';
import { ServerAuthenticator } from './server-auth.js';
import { ClientAuthenticator } from './client-auth.js';

test('RFC 2617 §3.5 example (qop=auth)', () => {
  const response = digestResponse({
    algorithm: 'MD5',
    username: 'Mufasa',
    realm: 'testrealm@host.com',
    password: 'Circle Of Life',
    method: 'GET',
    uri: '/dir/index.html',
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    qop: 'auth',
    nc: '00000001',
    cnonce: '0a4f113b',
  });
  assert.equal(response, '6629fae49393a05397450978507c4ef1');
});

test('RFC 7616 §3.9.1 example (SHA-256)', () => {
  const response = digestResponse({
    algorithm: 'SHA-256',
    username: 'Mufasa',
    realm: 'http-auth@example.org',
    password: 'Circle of Life',
    method: 'GET',
    uri: '/dir/index.html',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  });
  assert.equal(response, '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  assert.ok(sameDigest('ABC', 'abc') && !sameDigest('abc', 'abd'));
});

test('client answers the server challenge; the server verifies with the password or HA1, rejects a wrong one', () => {
  const server = new ServerAuthenticator('Vigie', ['digest', 'basic']);
  const now = 1_000_000;
  const client = new ClientAuthenticator('alice', 'secret');
  assert.ok(client.acceptChallenge(server.challenges(false, now)));
  const header = client.authorization('DESCRIBE', 'rtsp://h/cam') ?? '';
  assert.equal(parseAuthorization(header)?.scheme, 'digest');
  const { request, stale } = server.prepare('DESCRIBE', 'cam', '127.0.0.1', header, now + 1000);
  assert.equal(stale, false);
  assert.ok(request.verifyDigestPassword('secret'));
  assert.ok(request.verifyDigestHa1(digestHa1('MD5', 'alice', 'Vigie', 'secret')));
  assert.ok(!request.verifyDigestPassword('wrong'));
  assert.equal(client.acceptChallenge(server.challenges(false, now)), false, 'a second plain challenge means rejected');
  assert.equal(server.prepare('DESCRIBE', 'cam', '', header, now + 10 * 60_000).stale, true);
  assert.equal(server.prepare('DESCRIBE', 'cam', '', header.replace(/nonce="[0-9a-f]+"/, 'nonce="000000000000forged"'), now).request.credentials, undefined);
});
