// `pnpm docs:serve`: serves packages/docs/dist on http://127.0.0.1:4173/ (or --port N, or PORT).
import { DocsBuildError } from './bundles.ts';
import { DIST_DIR } from './paths.ts';
import { serveSite } from './server.ts';

const flag = process.argv.indexOf('--port');
const portText = flag >= 0 ? process.argv[flag + 1] : (process.env.PORT ?? '4173');
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port "${portText}": give --port a number from 0 to 65535.`);
  process.exit(1);
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
  console.error(error instanceof DocsBuildError ? error.message : error);
  process.exit(1);
}
