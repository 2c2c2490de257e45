// Loads and validates the configuration: defaults ← YAML file ← VIGIE_* environment ← command-line flags.
// An invalid value stops Vigie with the field's path and what is allowed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { VigieError } from '../core/errors.js';
import { ConfigSchema, type Config } from './schema.js';

export type ConfigOverrides = { readonly [path: string]: unknown };

/** Environment variables that map onto config paths. VIGIE_DATABASE_URL is the one the brief names. */
const ENV_PATHS: Readonly<Record<string, string>> = {
  VIGIE_DATA_DIR: 'dataDir',
  VIGIE_DEMO: 'demo',
  VIGIE_HOST: 'http.host',
  VIGIE_PORT: 'http.port',
  VIGIE_DATABASE_URL: 'database.url',
  VIGIE_LOG_LEVEL: 'log.level',
  VIGIE_LOG_FORMAT: 'log.format',
  VIGIE_RTSP_PORT: 'media.rtspPort',
  VIGIE_SIM_PORT: 'media.simulatorPort',
  VIGIE_SECURE_COOKIES: 'http.secureCookies',
};

/** Flags of `vigie start` that set a config path; every port has one, a setting and an environment variable. */
export const START_FLAGS: Readonly<Record<string, { readonly path: string; readonly meaning: string }>> = {
  port: { path: 'http.port', meaning: 'HTTP port of the web console and the API' },
  host: { path: 'http.host', meaning: 'address the HTTP and RTSP restream servers listen on' },
  'rtsp-port': { path: 'media.rtspPort', meaning: 'RTSP restream port (0: off)' },
  'sim-port': { path: 'media.simulatorPort', meaning: 'port of the demo camera simulator (with --demo)' },
};

/** The flags every command accepts that set a config path. */
const COMMON_FLAGS: Readonly<Record<string, { readonly path: string }>> = { data: { path: 'dataDir' } };

/** "http.port (--port, VIGIE_PORT)": a setting and the flag and variable that override it, for messages and help. */
export function settingAndOverrides(path: string): string {
  const flags = Object.entries({ ...COMMON_FLAGS, ...START_FLAGS })
    .filter(([, flag]) => flag.path === path)
    .map(([flag]) => `--${flag}`);
  const variables = Object.entries(ENV_PATHS)
    .filter(([, p]) => p === path)
    .map(([name]) => name);
  const ways = [...flags, ...variables];
  return ways.length === 0 ? path : `${path} (${ways.join(', ')})`;
}

export function loadConfig(options: { file?: string | undefined; env?: NodeJS.ProcessEnv; overrides?: ConfigOverrides } = {}): Config {
  let raw: unknown = {};
  if (options.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (error) {
      throw new VigieError('VIGIE_CONFIG_UNREADABLE', `cannot read config file ${options.file}: ${(error as Error).message}`, { context: { file: options.file } });
    }
    try {
      raw = parseYaml(text) ?? {};
    } catch (error) {
      throw new VigieError('VIGIE_CONFIG_INVALID', `config file ${options.file} is not valid YAML: ${(error as Error).message}`, { context: { file: options.file } });
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new VigieError('VIGIE_CONFIG_INVALID', `config file ${options.file} must hold a mapping of settings`, { context: { file: options.file } });
    }
  }
  const env = options.env ?? process.env;
  for (const [name, path] of Object.entries(ENV_PATHS)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw as Record<string, unknown>, path, coerce(value));
  }
  for (const [path, value] of Object.entries(options.overrides ?? {})) {
    if (value !== undefined) setPath(raw as Record<string, unknown>, path, value);
  }
  return validateConfig(raw, options.file);
}

export function validateConfig(raw: unknown, source = 'configuration'): Config {
  const withDefaults = Value.Default(ConfigSchema, Value.Clone(raw));
  const converted = Value.Convert(ConfigSchema, withDefaults);
  const first = Value.Errors(ConfigSchema, converted).First();
  if (first !== undefined) {
    const field = first.path.replace(/^\//, '').replaceAll('/', '.') || '(root)';
    throw new VigieError(
      'VIGIE_CONFIG_INVALID',
      `invalid ${source}: field "${field}" ${describeAllowed(first.schema as Record<string, unknown>, first.message)} (got ${JSON.stringify(first.value)})`,
      {
        context: { field, value: first.value },
      },
    );
  }
  const config = converted as Config;
  return { ...config, dataDir: resolve(config.dataDir) };
}

function describeAllowed(schema: Record<string, unknown>, message: string): string {
  const parts: string[] = [];
  if (schema['type'] !== undefined) parts.push(`must be ${String(schema['type'])}`);
  if (schema['minimum'] !== undefined) parts.push(`≥ ${String(schema['minimum'])}`);
  if (schema['maximum'] !== undefined) parts.push(`≤ ${String(schema['maximum'])}`);
  if (Array.isArray(schema['anyOf'])) {
    const literals = (schema['anyOf'] as Array<Record<string, unknown>>).map((s) => s['const']).filter((v) => v !== undefined);
    if (literals.length > 0) parts.push(`must be one of ${literals.join(', ')}`);
  }
  if (message.includes('Unexpected property')) return 'is not a known setting';
  return parts.length > 0 ? parts.join(', ') : message;
}

function coerce(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?\d+$/.test(value)) return Number(value);
  return value;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}
