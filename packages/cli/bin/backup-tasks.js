#!/usr/bin/env node
// `backup-tasks`: run by node itself (see src/main.ts).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
