// `vigie export verify DIR`: checks an export package's hashes and signature. Exit 0 when intact, 1 when not;
// the last line is JSON {"ok","exportId","problems"}. It needs no installation: the package carries its public key.
import type { CliCommand } from '../cli/command.js';
import { parseCommandArgs, unknownSubcommand, usageError } from '../cli/command.js';
import { verifyPackage } from './verify.js';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export packages: verify DIR (hashes and Ed25519 signature)',
  help: { verify: { synopsis: ["DIR   (checks every SHA-256 and the manifest's Ed25519 signature; exit 1 when not intact)"] } },
  async run(argv) {
    const { positionals } = parseCommandArgs(argv, {}, true);
    const [action, dir] = positionals;
    if (action !== 'verify') throw unknownSubcommand(action);
    if (dir === undefined || positionals.length !== 2) throw usageError('give exactly one package directory');
    const result = await verifyPackage(dir);
    for (const problem of result.problems) process.stdout.write(`FAILED: ${problem}\n`);
    if (result.ok) process.stdout.write('package intact: every SHA-256 matches and the manifest signature is valid\n');
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result.ok ? 0 : 1;
  },
};
