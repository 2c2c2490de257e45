// What a CLI command is, and the options every command shares (--data, --config).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { VigieError } from '../core/errors.js';
import { loadConfig, type ConfigOverrides } from '../config/load.js';
import type { Config } from '../config/schema.js';

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  run(argv: readonly string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
} as const satisfies Options;

/** Parses argv with the shared options plus the command's own; unknown options are an error that names them. */
export function parseCommandArgs<T extends Options>(argv: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options: { ...COMMON_OPTIONS, ...options }, allowPositionals, strict: true });
  } catch (error) {
    throw new VigieError('VIGIE_CLI_USAGE', (error as Error).message, { status: 400 });
  }
}

/** The configuration a command acts on: --config file, VIGIE_* environment, then --data and extra overrides. */
export function commandConfig(values: { data?: string | undefined; config?: string | undefined }, overrides: ConfigOverrides = {}): Config {
  return loadConfig({ file: values.config, overrides: { dataDir: values.data, ...overrides } });
}
