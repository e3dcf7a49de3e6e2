#!/usr/bin/env node
// The `distcheck` command. TypeScript sources run through tsx's loader, so `npx distcheck`
// works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
runCli(process.argv.slice(2));
