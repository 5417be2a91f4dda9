#!/usr/bin/env node
// Compiled on `npm install` (the "prepare" script); run `npm run build` after changing src/.
import { main } from '../dist/cli.js';
import { guardedStderr, guardedStdout } from '../dist/cli/guarded-output.js';

const stderr = guardedStderr(process.stderr);
process.exitCode = await main(process.argv.slice(2), {
  stdout: guardedStdout(process.stdout, stderr, (code) => process.exit(code)),
  stderr,
  env: process.env,
});
