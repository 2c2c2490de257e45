// vigie.example.yml documents every setting with its default: this keeps it true as settings are added.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { parse } from 'yaml';
import { loadConfig } from './load.js';
import { ConfigSchema } from './schema.js';

function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) for (const [path, leaf] of leaves(child, prefix === '' ? key : `${prefix}.${key}`)) out.set(path, leaf);
  } else {
    out.set(prefix, value);
  }
  return out;
}

describe('vigie.example.yml', () => {
  const example = parse(readFileSync('vigie.example.yml', 'utf8')) as unknown;

  it('lists every setting of the schema with its default value', () => {
    const defaults = leaves(Value.Default(ConfigSchema, {}));
    assert.deepEqual(leaves(example), defaults);
  });

  it('loads as a valid configuration', () => {
    assert.doesNotThrow(() => loadConfig({ file: 'vigie.example.yml', env: {} }));
  });
});
