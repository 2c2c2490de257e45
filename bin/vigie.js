#!/usr/bin/env node
// The `vigie` command. TypeScript sources run through tsx's loader, so there is no separate build of the server.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
