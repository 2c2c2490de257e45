// `vigie user add|list|disable`: account administration on the installation's database, journaled as done
// from the command line (no logged-in actor; the operating-system user is recorded).
import { userInfo } from 'node:os';
import { VigieError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { systemClock } from '../core/clock.js';
import { createJournal, type Journal } from '../journal/index.js';
import { createAccess, habilitationRecord, ROLES, type Access } from '../access/index.js';
import { territoryLookup } from '../territory/index.js';
import type { Config } from '../config/schema.js';
import { commandConfig, parseCommandArgs, unknownSubcommand, usageError as usage, type CliCommand } from './command.js';
import { openInstallation } from './installation.js';

const USERNAME_OPTION = ['--username U', "the account's login name"] as const;

export const userCommand: CliCommand = {
  name: 'user',
  summary: 'manage accounts: add (--password-stdin), list, disable, unlock (lift login lockouts)',
  help: {
    add: {
      synopsis: ['--username U --role ROLE [--commune INSEE]... --password-stdin [options]'],
      options: [
        USERNAME_OPTION,
        ['--role ROLE', `one of ${ROLES.join(', ')}`],
        ['--commune INSEE', 'a commune the account is limited to (repeat; mayors and municipal police)'],
        ['--password-stdin', 'read the password from standard input (never from the command line)'],
        ['--display-name N', 'the name shown in the console and the journal'],
        ['--granted-by G', 'who granted the habilitation (default: cli:<your login>)'],
        ['--authority A', 'the authority behind the habilitation (prefectoral authorisation, mayor’s designation)'],
        ['--reference R', 'the reference of that authorisation or designation'],
        ['--valid-from ISO', 'the habilitation starts then (ISO 8601 date or date-time)'],
        ['--valid-until ISO', 'the habilitation ends then: video access stops at that instant, running streams included'],
        ['--training-date ISO', 'the day the person was trained'],
      ],
    },
    list: { synopsis: ['[--json]'], options: [['--json', 'one JSON array instead of one line per account']] },
    disable: { synopsis: ['--username U'], options: [USERNAME_OPTION] },
    unlock: { synopsis: ['--username U'], options: [USERNAME_OPTION] },
  },
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'add') return addUser(rest);
    if (sub === 'list') return listUsers(rest);
    if (sub === 'disable') return disableUser(rest);
    if (sub === 'unlock') return unlockUser(rest);
    throw unknownSubcommand(sub);
  },
};

async function addUser(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    username: { type: 'string' },
    role: { type: 'string' },
    commune: { type: 'string', multiple: true },
    'password-stdin': { type: 'boolean' },
    'display-name': { type: 'string' },
    'granted-by': { type: 'string' },
    authority: { type: 'string' },
    reference: { type: 'string' },
    'valid-from': { type: 'string' },
    'valid-until': { type: 'string' },
    'training-date': { type: 'string' },
  });
  if (values.username === undefined || values.role === undefined) throw usage('--username and --role are required');
  if (values['password-stdin'] !== true) throw usage('--password-stdin is required (the password is never taken from the command line)');
  const password = await readPasswordFromStdin();
  const { username, role } = values;
  return withAccess(commandConfig(values), async (access, journal) => {
    const user = await access.users.create({
      username,
      role,
      password,
      communes: values.commune ?? [],
      grantedBy: values['granted-by'] ?? cliOperator(),
      ...(values['display-name'] === undefined ? {} : { displayName: values['display-name'] }),
      ...(values.authority === undefined ? {} : { authority: values.authority }),
      ...(values.reference === undefined ? {} : { reference: values.reference }),
      ...(values['training-date'] === undefined ? {} : { trainingDateMs: parseInstant(values['training-date'], '--training-date') }),
      ...(values['valid-from'] === undefined ? {} : { validFromMs: parseInstant(values['valid-from'], '--valid-from') }),
      ...(values['valid-until'] === undefined ? {} : { validUntilMs: parseInstant(values['valid-until'], '--valid-until') }),
    });
    await journal.append({
      actor: null,
      action: 'user.create',
      outcome: 'allowed',
      target: { type: 'user', id: user.id },
      details: { via: 'cli', osUser: cliOperator(), username: user.username, role: user.role, communes: user.communes, habilitation: habilitationRecord(user) },
    });
    process.stdout.write(`${user.id}\n`);
    return 0;
  });
}

async function listUsers(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  return withAccess(commandConfig(values), async (access) => {
    const users = await access.users.list();
    if (values.json === true) {
      process.stdout.write(`${JSON.stringify(users)}\n`);
      return 0;
    }
    for (const u of users) {
      const state = u.disabled ? 'disabled' : u.validUntil !== null && Date.parse(u.validUntil) <= Date.now() ? 'expired' : 'active';
      process.stdout.write(`${u.id}  ${u.username.padEnd(20)} ${u.role.padEnd(17)} ${state.padEnd(8)} ${u.communes.join(',')}\n`);
    }
    return 0;
  });
}

async function disableUser(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { username: { type: 'string' } });
  if (values.username === undefined) throw usage('--username is required');
  const username = values.username;
  return withAccess(commandConfig(values), async (access, journal) => {
    const row = await accountNamed(access, username);
    await access.users.update(row.id, { disabled: true });
    await journal.append({
      actor: null,
      action: 'user.update',
      outcome: 'allowed',
      target: { type: 'user', id: row.id },
      details: { via: 'cli', osUser: cliOperator(), username, changes: { disabled: { from: row.disabled === 1, to: true } } },
    });
    process.stdout.write(`disabled ${username}\n`);
    return 0;
  });
}

async function unlockUser(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { username: { type: 'string' } });
  if (values.username === undefined) throw usage('--username is required');
  const username = values.username;
  return withAccess(commandConfig(values), async (access, journal) => {
    const row = await accountNamed(access, username);
    const lifted = await access.loginAttempts.unlockAccount(row.username);
    await journal.append({
      actor: null,
      action: 'user.unlock',
      outcome: 'allowed',
      target: { type: 'user', id: row.id },
      details: { via: 'cli', osUser: cliOperator(), username: row.username, lifted },
    });
    process.stdout.write(`unlocked ${row.username} (${lifted} lockout${lifted === 1 ? '' : 's'} lifted)\n`);
    return 0;
  });
}

async function accountNamed(access: Access, username: string): Promise<{ id: string; username: string; disabled: number }> {
  const row = await access.users.findByUsername(username);
  if (row === undefined) throw new VigieError('VIGIE_USER_NOT_FOUND', `no user ${username}`, { status: 404 });
  return row;
}

async function withAccess(config: Config, work: (access: Access, journal: Journal) => Promise<number>): Promise<number> {
  const database = await openInstallation(config);
  try {
    const logger = createLogger({ level: 'warn', format: config.log.format });
    const journal = createJournal({ db: database.db, clock: systemClock, dataDir: config.dataDir, logger });
    const access = await createAccess({ db: database.db, clock: systemClock, config, journal, logger, territory: territoryLookup(database.db) });
    return await work(access, journal);
  } finally {
    await database.close();
  }
}

async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password === '') throw usage('no password on standard input');
  return password;
}

function parseInstant(value: string, option: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw usage(`${option} must be an ISO 8601 date or date-time, got "${value}"`);
  return ms;
}

function cliOperator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
