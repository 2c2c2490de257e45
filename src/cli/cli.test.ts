// The `vigie` command as a newcomer meets it: --help on every command and subcommand, a wrong option named,
// and commands that act on an installation refused (exit 2, nothing created) where there is none.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { isPostgresReachable, POSTGRES_TEST_URL } from '../../test/support/databases.js';
import { runVigieCommand } from '../../test/support/vigie-cli.js';

/** The commands `vigie --help` lists, and the subcommands each one's --help lists. */
async function everyCommandLine(): Promise<string[][]> {
  const top = await runVigieCommand(['--help']);
  assert.equal(top.code, 0, top.stderr);
  const commands = [...top.stdout.matchAll(/^ {2}vigie (\S+)/gm)].map((match) => match[1] as string);
  assert.deepEqual([...commands].sort(), ['analyze', 'camera', 'commune', 'export', 'journal', 'recordings', 'sim', 'start', 'user']);
  const lines: string[][] = [];
  for (const command of commands) {
    lines.push([command]);
    const help = await runVigieCommand([command, '--help']);
    if (!help.stdout.includes('<subcommand> --help')) continue;
    const subs = new Set([...help.stdout.matchAll(new RegExp(`vigie ${command} (\\w[\\w-]*)`, 'g'))].map((match) => match[1] as string));
    for (const sub of subs) lines.push([command, sub]);
  }
  return lines;
}

describe('vigie --help', () => {
  it('prints the usage and options of every command and subcommand and exits 0 (--help or -h)', async () => {
    const lines = await everyCommandLine();
    for (const expected of [
      ['user', 'add'],
      ['user', 'list'],
      ['journal', 'verify'],
      ['recordings', 'rebuild-index'],
      ['export', 'verify'],
      ['camera', 'update'],
      ['commune', 'import'],
      ['sim'],
      ['start'],
    ]) {
      assert.ok(
        lines.some((line) => line.join(' ') === expected.join(' ')),
        `${expected.join(' ')} is listed`,
      );
    }
    // The two spellings alternate: the mechanism is one for all commands, and a process each costs a second.
    for (const [index, line] of lines.entries()) {
      const flag = index % 2 === 0 ? '--help' : '-h';
      const run = await runVigieCommand([...line, flag]);
      assert.equal(run.code, 0, `vigie ${line.join(' ')} ${flag}: ${run.stderr}`);
      assert.match(run.stdout, new RegExp(`^usage: vigie ${line.join(' ')}`), `vigie ${line.join(' ')} ${flag} prints its usage`);
      if (line.length === 2 || !run.stdout.includes('<subcommand>')) assert.match(run.stdout, /\noptions:\n[^]*--data DIR/, `vigie ${line.join(' ')} ${flag} lists its options`);
      assert.equal(run.stderr, '');
    }
  });

  it('names an unknown option and prints the usage, exit 2', async () => {
    const run = await runVigieCommand(['user', 'list', '--colour']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /vigie user: Unknown option '--colour'/);
    assert.match(run.stderr, /usage: vigie user list/);
  });

  it('`vigie help camera add` is `vigie camera add --help`', async () => {
    const run = await runVigieCommand(['help', 'camera', 'add']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^usage: vigie camera add /);
  });
});

describe('commands that act on an installation, where there is none', () => {
  const parent = mkdtempSync(join(tmpdir(), 'vigie-no-installation-'));
  after(() => rmSync(parent, { recursive: true, force: true }));
  const actingOnAnInstallation = [
    ['user', 'list'],
    ['user', 'disable', '--username', 'x'],
    ['camera', 'list'],
    ['commune', 'list'],
    ['journal', 'verify'],
    ['recordings', 'rebuild-index'],
  ];

  it('refuse an empty --data directory, exit 2, and create nothing in it', async () => {
    const empty = mkdtempSync(join(parent, 'empty-'));
    for (const args of actingOnAnInstallation) {
      const run = await runVigieCommand([...args, '--data', empty], { env: { VIGIE_DATABASE_URL: '' } });
      assert.equal(run.code, 2, `vigie ${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.match(run.stdout + run.stderr, /no Vigie installation here \(there is no database .*vigie\.db\)/);
      assert.deepEqual(readdirSync(empty), [], `vigie ${args.join(' ')} created nothing`);
    }
  });

  it('refuse a --data directory that does not exist, and do not create it', async () => {
    const missing = join(parent, 'missing');
    const run = await runVigieCommand(['user', 'list', '--data', missing], { env: { VIGIE_DATABASE_URL: '' } });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(existsSync(missing), false);
  });

  it('refuse a PostgreSQL schema without Vigie tables, and create none', async (t) => {
    if (!(await isPostgresReachable())) {
      t.skip(`PostgreSQL not reachable at ${POSTGRES_TEST_URL}`);
      return;
    }
    const schema = `t_${process.pid}_empty`;
    const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await admin.connect();
    try {
      await admin.query(`create schema ${schema}`);
      const run = await runVigieCommand(['user', 'list', '--data', parent], { env: { VIGIE_DATABASE_URL: `${POSTGRES_TEST_URL}?schema=${schema}` } });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /no Vigie installation here \(the PostgreSQL database .* has no Vigie tables\)/);
      const tables = await admin.query('select count(*)::int as n from information_schema.tables where table_schema = $1', [schema]);
      assert.equal((tables.rows[0] as { n: number }).n, 0, 'no table created');
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });
});
