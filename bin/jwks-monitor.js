#!/usr/bin/env node
// Compiled on `npm install` (the "prepare" script); run `npm run build` after changing src/.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
