// `vigie export verify DIR`: checks an export package's hashes and signature. Exit 0 when intact, 1 when not;
// the last line is JSON {"ok","exportId","problems"}.
import type { CliCommand } from '../cli/command.js';
import { parseCommandArgs } from '../cli/command.js';
import { VigieError } from '../core/errors.js';
import { verifyPackage } from './verify.js';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export packages: verify DIR (hashes and Ed25519 signature)',
  async run(argv) {
    const { positionals } = parseCommandArgs(argv, {}, true);
    const [action, dir] = positionals;
    if (action !== 'verify' || dir === undefined || positionals.length !== 2) throw new VigieError('VIGIE_CLI_USAGE', 'usage: vigie export verify DIR', { status: 400 });
    const result = await verifyPackage(dir);
    for (const problem of result.problems) process.stdout.write(`FAILED: ${problem}\n`);
    if (result.ok) process.stdout.write('package intact: every SHA-256 matches and the manifest signature is valid\n');
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result.ok ? 0 : 1;
  },
};
