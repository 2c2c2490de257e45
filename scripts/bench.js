#!/usr/bin/env node
// `npm run bench -- NAME [args]`: runs bench/NAME.ts. Each benchmark prints its figures beside a baseline
// measured in the same run; its last output line is one JSON object.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(new URL('../bench/', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !f.includes('.test.'))
  .map((f) => f.slice(0, -3));
if (name === undefined || !existsSync(new URL(`../bench/${name}.ts`, import.meta.url))) {
  process.stderr.write(`usage: npm run bench -- NAME\navailable: ${available.join(', ') || '(none)'}\n`);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...args], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
process.exit(result.status ?? 1);
