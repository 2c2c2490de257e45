import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { VigieError } from '../core/errors.js';
import { loadConfig } from './load.js';

describe('configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-config-'));

  it('without a file is the embedded default', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.database.url, '');
    assert.equal(config.http.port, 8080);
    assert.equal(config.territory.defaultRetentionDays, 15);
    assert.equal(config.demo, false);
  });

  it('reads YAML and lets the environment override it', () => {
    const file = join(dir, 'vigie.yml');
    writeFileSync(file, 'http:\n  port: 9000\ndatabase:\n  url: sqlite:/tmp/x.db\n');
    const config = loadConfig({ file, env: { VIGIE_DATABASE_URL: 'postgres://db/vigie' } });
    assert.equal(config.http.port, 9000);
    assert.equal(config.database.url, 'postgres://db/vigie');
  });

  it('gives every port and the log format an environment variable', () => {
    const config = loadConfig({ env: { VIGIE_PORT: '9080', VIGIE_RTSP_PORT: '9554', VIGIE_SIM_PORT: '9555', VIGIE_LOG_FORMAT: 'json' } });
    assert.deepEqual([config.http.port, config.media.rtspPort, config.media.simulatorPort, config.log.format], [9080, 9554, 9555, 'json']);
    assert.equal(loadConfig({ env: {} }).log.format, 'auto');
    assert.throws(() => loadConfig({ env: { VIGIE_LOG_FORMAT: 'xml' } }), /field "log\.format" must be one of auto, pretty, json/);
  });

  it('names the field and what is allowed when a value is invalid', () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, 'territory:\n  defaultRetentionDays: 45\n');
    assert.throws(
      () => loadConfig({ file, env: {} }),
      (error: unknown) => {
        assert.ok(error instanceof VigieError);
        assert.equal(error.code, 'VIGIE_CONFIG_INVALID');
        assert.match(error.message, /territory\.defaultRetentionDays/);
        assert.match(error.message, /≤ 30/);
        return true;
      },
    );
  });

  it('rejects unknown settings and malformed YAML with a clear message', () => {
    const unknown = join(dir, 'unknown.yml');
    writeFileSync(unknown, 'htp:\n  port: 1\n');
    assert.throws(() => loadConfig({ file: unknown, env: {} }), /htp.*not a known setting/);
    const broken = join(dir, 'broken.yml');
    writeFileSync(broken, 'http: [unclosed\n');
    assert.throws(() => loadConfig({ file: broken, env: {} }), /not valid YAML/);
  });
});
