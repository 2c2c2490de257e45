// The catalogue of error codes (docs/errors.md) kept in step with the code. Each folder that owns codes declares
// them in its errors.ts (a `…_ERRORS` map, code → meaning, registered in core's ErrorCodes by module augmentation);
// this test checks that every such file is known here, that no code has two owners, that docs/errors.md lists
// exactly each owner's codes under its heading with the same meaning, and that every quoted VIGIE_… string in the
// code (a reply built by hand, a check in the web console, a test's expectation) is a registered code or an
// environment variable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '../src/core/errors.js';
import * as config from '../src/config/errors.js';
import * as db from '../src/db/errors.js';
import * as api from '../src/api/errors.js';
import * as cli from '../src/cli/errors.js';
import * as journal from '../src/journal/index.js';
import * as territory from '../src/territory/index.js';
import * as access from '../src/access/index.js';
import * as ingest from '../src/ingest/index.js';
import * as retention from '../src/retention/index.js';
import * as playback from '../src/playback/index.js';
import * as exportCapability from '../src/export/index.js';
import * as wall from '../src/wall/index.js';
import * as watch from '../src/watch/index.js';
import * as analytics from '../src/analytics/index.js';
import * as reports from '../src/reports/index.js';
import * as investigations from '../src/investigations/index.js';
import * as alerts from '../src/alerts/index.js';
import * as onvif from '../src/onvif/index.js';
import * as ptz from '../src/ptz/index.js';
import * as masks from '../src/masks/index.js';
import * as bits from '../src/media/bits/index.js';
import * as sdp from '../src/media/sdp/index.js';
import * as rtp from '../src/media/rtp/index.js';
import * as rtsp from '../src/media/rtsp/index.js';
import * as hub from '../src/media/hub/index.js';
import * as mp4 from '../src/media/mp4/index.js';
import * as ffmpeg from '../src/media/ffmpeg/index.js';
import * as sim from '../sim/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Each folder that has an errors.ts (its name as docs/errors.md heads its section: the path under src/, or sim)
 * → the module through which its map is reached at run time: its door (index.ts) where it has one.
 */
const OWNERS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  core,
  config,
  db,
  api,
  cli,
  journal,
  territory,
  access,
  ingest,
  retention,
  playback,
  export: exportCapability,
  wall,
  watch,
  analytics,
  reports,
  investigations,
  alerts,
  onvif,
  ptz,
  masks,
  'media/bits': bits,
  'media/sdp': sdp,
  'media/rtp': rtp,
  'media/rtsp': rtsp,
  'media/hub': hub,
  'media/mp4': mp4,
  'media/ffmpeg': ffmpeg,
  sim,
};

const CODE = /^VIGIE_[A-Z0-9_]+$/;
const SOURCE_FILE = /\.(ts|tsx|js|mjs|cjs)$/;

function walk(dir: string, keep: (path: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') found.push(...walk(path, keep));
    } else if (keep(path)) {
      found.push(path);
    }
  }
  return found;
}

const posix = (path: string): string => path.split(sep).join('/');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The errors.ts files of src/ and sim/: folder (as in OWNERS) → the name of the map its augmentation registers. */
function scanErrorFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of [...walk('src', (p) => p.endsWith(`${sep}errors.ts`)), ...walk('sim', (p) => p.endsWith(`${sep}errors.ts`))]) {
    const folder = posix(relative(ROOT, join(ROOT, file, '..'))).replace(/^src\//, '');
    const maps = [...read(file).matchAll(/^\s*(?:export )?interface ErrorCodes extends Record<keyof typeof (\w+), true>/gm)].map((m) => m[1] as string);
    assert.equal(maps.length, 1, `${posix(file)} must register its codes once: interface ErrorCodes extends Record<keyof typeof <ITS_MAP>, true>`);
    files.set(folder, maps[0] as string);
  }
  return files;
}

interface Registered {
  readonly owner: string;
  readonly meaning: string;
}

/** Every registered code → its owner and meaning, from the maps as the doors export them. */
function registry(): Map<string, Registered> {
  const codes = new Map<string, Registered>();
  for (const [owner, mapName] of scanErrorFiles()) {
    const module = OWNERS[owner];
    assert.ok(module !== undefined, `${owner}/errors.ts registers error codes: add its door to OWNERS in test/errors-catalogue.test.ts`);
    const map = module[mapName];
    assert.ok(typeof map === 'object' && map !== null, `${owner}: ${mapName} is not exported by its door (index.ts)`);
    for (const [code, meaning] of Object.entries(map)) {
      assert.match(code, CODE, `${owner}: ${code} is not a VIGIE_… code`);
      assert.ok(typeof meaning === 'string' && meaning.trim() !== '' && !/[\n|]/.test(meaning), `${owner}: ${code} needs a one-line meaning without "|"`);
      const first = codes.get(code);
      assert.ok(first === undefined, `${code} is registered twice: by ${first?.owner} and by ${owner}`);
      codes.set(code, { owner, meaning });
    }
  }
  return codes;
}

/** VIGIE_… names read from the environment (process.env['VIGIE_…'] anywhere, or config's variable table). */
function environmentVariables(): Set<string> {
  const names = new Set<string>();
  const files = ['src', 'sim', 'test', 'bench', 'scripts'].flatMap((dir) => walk(dir, (p) => SOURCE_FILE.test(p)));
  for (const file of files) {
    for (const match of read(file).matchAll(/process\.env(?:\[\s*['"`]|\.)(VIGIE_[A-Z0-9_]+)/g)) names.add(match[1] as string);
  }
  for (const file of walk('scripts', (p) => p.endsWith('.sh'))) {
    for (const match of read(file).matchAll(/(?:\$\{?|export\s+)(VIGIE_[A-Z0-9_]+)/g)) names.add(match[1] as string);
  }
  const table = /const ENV_PATHS[^=]*=\s*\{([^}]*)\}/.exec(read('src/config/load.ts'))?.[1] ?? '';
  for (const match of table.matchAll(/(VIGIE_[A-Z0-9_]+)\s*:/g)) names.add(match[1] as string);
  return names;
}

test('each errors.ts is reached through OWNERS, and no code has two owners', () => {
  const scanned = scanErrorFiles();
  assert.deepEqual([...scanned.keys()].sort(), Object.keys(OWNERS).sort(), 'OWNERS lists exactly the folders that have an errors.ts');
  const codes = registry();
  assert.ok(codes.size > 100, `only ${codes.size} codes registered`);
});

test('ErrorCodes is augmented only from errors.ts files', () => {
  const files = ['src', 'sim', 'test', 'bench', 'scripts'].flatMap((dir) => walk(dir, (p) => SOURCE_FILE.test(p)));
  const elsewhere = files.filter((file) => !file.endsWith(`${sep}errors.ts`) && !file.endsWith('errors-catalogue.test.ts') && /interface ErrorCodes\b/.test(read(file)));
  assert.deepEqual(elsewhere.map(posix), []);
});

test('docs/errors.md lists exactly the registered codes, each under its owner with its meaning', () => {
  const codes = registry();
  const listed = new Map<string, { owner: string; status: string; meaning: string; line: number }>();
  const variables = environmentVariables();
  const problems: string[] = [];
  let section: string | undefined;
  const lines = read('docs/errors.md').split('\n');
  lines.forEach((text, index) => {
    const line = index + 1;
    const heading = /^## +`?([^`]+?)`?\s*$/.exec(text);
    if (heading !== null) {
      section = heading[1] as string;
      return;
    }
    const row = /^\|\s*`(VIGIE_[A-Z0-9_]+)`\s*\|([^|]*)\|([^|]*)\|\s*$/.exec(text);
    if (row === null) {
      for (const match of text.matchAll(/\bVIGIE_[A-Z0-9_]+\b/g)) {
        if (!codes.has(match[0]) && !variables.has(match[0])) problems.push(`line ${line}: ${match[0]} is neither a registered code nor an environment variable`);
      }
      return;
    }
    const [, code, status, meaning] = row as unknown as [string, string, string, string];
    if (section === undefined || OWNERS[section] === undefined) problems.push(`line ${line}: ${code} listed under "${section ?? '(no heading)'}", which owns no codes`);
    const before = listed.get(code);
    if (before !== undefined) problems.push(`line ${line}: ${code} already listed at line ${before.line}`);
    if (status.trim() === '') problems.push(`line ${line}: ${code} needs an HTTP status (or —)`);
    listed.set(code, { owner: section ?? '', status: status.trim(), meaning: meaning.trim(), line });
  });
  for (const [code, { owner, meaning }] of codes) {
    const entry = listed.get(code);
    const expected = `| \`${code}\` | … | ${meaning} |`;
    if (entry === undefined) problems.push(`${code} (${owner}) is missing; add under "## ${owner}": ${expected}`);
    else if (entry.owner !== owner) problems.push(`line ${entry.line}: ${code} belongs under "## ${owner}", not "## ${entry.owner}"`);
    else if (entry.meaning !== meaning) problems.push(`line ${entry.line}: ${code} meaning differs from ${owner}/errors.ts; expected: ${expected}`);
  }
  for (const [code, { line }] of listed) {
    if (!codes.has(code)) problems.push(`line ${line}: ${code} is not a registered code`);
  }
  for (const owner of Object.keys(OWNERS)) {
    if (!lines.some((text) => new RegExp(`^## +\`?${owner.replace('/', '\\/')}\`?\\s*$`).test(text))) problems.push(`no "## ${owner}" section`);
  }
  assert.deepEqual(problems, []);
});

test('every quoted VIGIE_… string in the code is a registered code or an environment variable', () => {
  const codes = registry();
  const variables = environmentVariables();
  const files = ['src', 'sim', 'web/src', 'test', 'bench'].flatMap((dir) => walk(dir, (p) => SOURCE_FILE.test(p)));
  const unknown: string[] = [];
  for (const file of files) {
    read(file)
      .split('\n')
      .forEach((text, index) => {
        for (const match of text.matchAll(/(['"`])(VIGIE_[A-Z0-9_]+)\1/g)) {
          const name = match[2] as string;
          if (!codes.has(name) && !variables.has(name)) unknown.push(`${posix(file)}:${index + 1}: ${name}`);
        }
      });
  }
  assert.deepEqual(unknown, [], "register these codes in the owning folder's errors.ts (and docs/errors.md), or fix the spelling");
});

test('every VIGIE_… name in the other docs is a registered code or an environment variable', () => {
  const codes = registry();
  const variables = environmentVariables();
  const docs = ['README.md', ...walk('docs', (p) => p.endsWith('.md'))];
  const unknown: string[] = [];
  for (const file of docs) {
    read(file)
      .split('\n')
      .forEach((text, index) => {
        for (const match of text.matchAll(/\bVIGIE_[A-Z0-9_]+\b/g)) {
          if (!codes.has(match[0]) && !variables.has(match[0])) unknown.push(`${posix(file)}:${index + 1}: ${match[0]}`);
        }
      });
  }
  assert.deepEqual(unknown, [], 'a doc names a code nobody registers (renamed or misspelt?)');
});
