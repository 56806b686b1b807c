#!/usr/bin/env node
// `backup-specs-mock` (and `pnpm mock`): run by node itself, so Ctrl-C ends it with exit code 0 and no
// package-manager error line. fast-start first: it must run before Prism is loaded (see the file).
import '../dist/lib/fast-start.js';
import { main } from '../dist/lib/cli.js';

process.exit(await main(process.argv.slice(2)));
