// Logs are JSON lines for machines (a pipe, a file) and readable with colours on a terminal (a pseudo-terminal
// from util-linux `script` here); credentials are redacted in both.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

/** An ANSI colour escape (ESC [ … m), built without a control character in a regular expression literal. */
const COLOUR_CODE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`);

const LOG_ONE_LINE = (format: string): string =>
  `import { createLogger } from './src/core/logger.ts'; createLogger({ format: '${format}' }).info({ password: 'hunter2', camera: { password: 'p4ss', credentials: 'u:p' } }, 'camera added');`;

/** Runs the snippet with stdout a pipe, or a pseudo-terminal when `terminal`; returns what it printed. */
function logOnce(format: string, terminal: boolean): string {
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', LOG_ONE_LINE(format)];
  if (!terminal) return execFileSync(node[0] as string, node.slice(1), { encoding: 'utf8', env: { ...process.env, VIGIE_LOG_LEVEL: 'info' } });
  const quoted = node.map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const run = spawnSync('script', ['-qec', quoted, '/dev/null'], { encoding: 'utf8', env: { ...process.env, VIGIE_LOG_LEVEL: 'info' } });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('log format', () => {
  it('auto, to a pipe: one JSON object per line, credentials redacted', () => {
    const line = JSON.parse(logOnce('auto', false).trim()) as Record<string, unknown>;
    assert.equal(line['msg'], 'camera added');
    assert.equal(line['password'], '[redacted]');
    assert.deepEqual(line['camera'], { password: '[redacted]', credentials: '[redacted]' });
  });

  it('json, to a pipe: the same JSON', () => {
    assert.equal((JSON.parse(logOnce('json', false).trim()) as Record<string, unknown>)['password'], '[redacted]');
  });

  it('pretty, to a pipe: readable lines without colours, credentials redacted', () => {
    const output = logOnce('pretty', false);
    assert.throws(() => JSON.parse(output.trim()), 'not JSON');
    assert.match(output, /INFO.*camera added/);
    assert.match(output, /\[redacted\]/);
    assert.doesNotMatch(output, /hunter2|p4ss|u:p/);
    assert.doesNotMatch(output, COLOUR_CODE, 'no colour codes outside a terminal');
  });

  it('auto, on a terminal: readable and coloured, credentials redacted', { skip: !hasScript && 'util-linux script is not installed' }, () => {
    const output = logOnce('auto', true);
    assert.match(output, COLOUR_CODE, 'colour codes');
    assert.match(output, /camera added/);
    assert.doesNotMatch(output, /"msg":/, 'not JSON');
    assert.match(output, /\[redacted\]/);
    assert.doesNotMatch(output, /hunter2|p4ss|u:p/);
  });

  it('json, on a terminal: JSON still, when configured', { skip: !hasScript && 'util-linux script is not installed' }, () => {
    const line = JSON.parse(logOnce('json', true).trim()) as Record<string, unknown>;
    assert.equal(line['password'], '[redacted]');
  });
});
