// What a CLI command is, and the options every command shares (--data, --config).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { VigieError } from '../core/errors.js';
import { loadConfig, type ConfigOverrides } from '../config/load.js';
import type { Config } from '../config/schema.js';

// What a capability's own command (recording's, export's) uses to act on an installation: through this module,
// the one part of cli/ capabilities may import.
export { openInstallation } from './installation.js';

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Usage by subcommand (`''` for a command that has none): printed by --help, and after a usage error. */
  readonly help: Readonly<Record<string, Usage>>;
  run(argv: readonly string[]): Promise<number>;
}

export interface Usage {
  /** What follows `vigie <command> [<subcommand>]`, one line per form. */
  readonly synopsis: readonly string[];
  /** [option, meaning]; --data, --config and --help are added to every command's list. */
  readonly options?: ReadonlyArray<readonly [string, string]>;
}

const COMMON_HELP: ReadonlyArray<readonly [string, string]> = [
  ['--data DIR', "the installation's data directory (VIGIE_DATA_DIR, default ./data)"],
  ['--config FILE', 'a YAML configuration file (every setting: vigie.example.yml)'],
  ['-h, --help', 'print this help'],
];

/** True when --help or -h comes before any `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** The usage of the subcommand that argv names (all of them when it names none), with options when it names one. */
export function helpText(command: CliCommand, argv: readonly string[], withOptions = true): string {
  const sub = argv[0] !== undefined && argv[0] !== '' && argv[0] in command.help ? argv[0] : '' in command.help ? '' : undefined;
  if (sub === undefined) {
    const forms = Object.entries(command.help).flatMap(([name, usage]) => usage.synopsis.map((line) => `vigie ${command.name} ${name} ${line}`.trimEnd()));
    return `${synopsisBlock(forms)}\nRun "vigie ${command.name} <subcommand> --help" for its options.\n`;
  }
  const usage = command.help[sub] as Usage;
  const prefix = `vigie ${command.name}${sub === '' ? '' : ` ${sub}`}`;
  const block = synopsisBlock(usage.synopsis.map((line) => `${prefix} ${line}`.trimEnd()));
  if (!withOptions) return `${block}Run "${prefix} --help" for every option.\n`;
  const options = [...(usage.options ?? []), ...COMMON_HELP];
  const width = Math.max(...options.map(([option]) => option.length));
  return `${block}\noptions:\n${options.map(([option, meaning]) => `  ${option.padEnd(width)}  ${meaning}`).join('\n')}\n`;
}

function synopsisBlock(forms: readonly string[]): string {
  return forms.map((form, index) => `${index === 0 ? 'usage: ' : '       '}${form}\n`).join('');
}

/** A command line that does not say what to do; the usage is printed after the message. */
export function usageError(message: string): VigieError {
  return new VigieError('VIGIE_CLI_USAGE', message, { status: 400 });
}

export function unknownSubcommand(sub: string | undefined): VigieError {
  return usageError(sub === undefined ? 'a subcommand is required' : `unknown subcommand "${sub}"`);
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
    throw usageError((error as Error).message);
  }
}

/** The configuration a command acts on: --config file, VIGIE_* environment, then --data and extra overrides. */
export function commandConfig(values: { data?: string | undefined; config?: string | undefined }, overrides: ConfigOverrides = {}): Config {
  return loadConfig({ file: values.config, overrides: { dataDir: values.data, ...overrides } });
}
