// `pnpm docs:serve`: serves packages/docs/dist on http://127.0.0.1:4173/ (or --port N, or PORT).
import { parseArgs } from 'node:util';
import { DocsBuildError } from './bundles.ts';
import { DIST_DIR } from './paths.ts';
import { serveSite } from './server.ts';

const USAGE = `Usage: pnpm docs:serve [--port <n>]

Serves the built docs site (packages/docs/dist/) on http://127.0.0.1:<port>/ (default 4173, or $PORT).
  --port <n>  port from 0 to 65535 (0 picks a free one)
  --help      show this help
Ctrl-C stops it.`;

function fail(message: string, code: number): never {
  console.error(`docs:serve: ${message}`);
  process.exit(code);
}

let values: { port?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    allowPositionals: false,
    options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}. Run with --help for usage.`, 2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const portText = values.port ?? process.env.PORT ?? '4173';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) {
  fail(`invalid port ${JSON.stringify(portText)}: give --port a number from 0 to 65535.`, 2);
}
try {
  const server = await serveSite(DIST_DIR, { port, dev: true });
  console.log(`Serving ${DIST_DIR} on ${server.url} (Ctrl+C to stop).`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    fail(`port ${port} on 127.0.0.1 is already in use; stop what listens there or pass --port <another>.`, 2);
  }
  if (code === 'EACCES') fail(`not allowed to listen on port ${port}; pass --port 1024 or higher.`, 2);
  fail(error instanceof Error ? error.message : String(error), error instanceof DocsBuildError ? 2 : 1);
}
