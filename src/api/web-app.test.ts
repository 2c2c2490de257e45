// The web console's files and the single-page-app fallback, on a throwaway dist folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { createHttpServer } from './server.js';
import { validateConfig } from '../config/load.js';
import { createLogger } from '../core/logger.js';
import { webAppRoutes } from './web-app.js';

async function serverWith(distDir: string) {
  const config = validateConfig({ http: { host: '127.0.0.1', port: 0 }, log: { level: 'silent' } });
  return createHttpServer({ config, logger: createLogger({ level: 'silent' }), metrics: new Registry(), version: 'test', plugins: [webAppRoutes({ distDir })] });
}

test('serves index.html for console routes, files as they are, and keeps API 404s as JSON', async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'vigie-web-'));
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  const dist = join(parent, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(parent, 'outside.txt'), 'secret');
  const app = await serverWith(dist);
  t.after(() => app.close());

  for (const url of ['/', '/cameras', '/mosaique?n=4&cams=a,b', '/relecture']) {
    const reply = await app.inject({ url });
    assert.equal(reply.statusCode, 200, url);
    assert.match(reply.body, /<title>console<\/title>/);
    assert.equal(reply.headers['cache-control'], 'no-cache');
  }
  const asset = await app.inject({ url: '/assets/app-1234.js' });
  assert.equal(asset.statusCode, 200);
  assert.equal(asset.body, 'console.log(1)');
  assert.match(String(asset.headers['cache-control']), /immutable/);

  for (const url of ['/assets/missing.js', '/api/unknown', '/api', '/metrics/x', '/../outside.txt', '/%2e%2e/outside.txt', '/assets/%2e%2e/%2e%2e/outside.txt']) {
    const reply = await app.inject({ url });
    assert.equal(reply.statusCode, 404, url);
    assert.equal(reply.json<{ error: string }>().error, 'VIGIE_NOT_FOUND', url);
  }
  assert.equal((await app.inject({ url: '/api/health' })).statusCode, 200);
});

test('answers 503 with the build command when the console is not built', async (t) => {
  const dist = mkdtempSync(join(tmpdir(), 'vigie-web-empty-'));
  t.after(() => rmSync(dist, { recursive: true, force: true }));
  const app = await serverWith(dist);
  t.after(() => app.close());
  const reply = await app.inject({ url: '/cameras' });
  assert.equal(reply.statusCode, 503);
  assert.equal(reply.json<{ error: string }>().error, 'VIGIE_WEB_NOT_BUILT');
  assert.match(reply.json<{ message: string }>().message, /vite build/);
});
