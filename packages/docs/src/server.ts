// A static server for the built site on 127.0.0.1 only (sirv on node:http): `pnpm docs:serve` and the browser
// tests use the same one.
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { DocsBuildError } from './bundles.ts';

export interface SiteServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:4173/ */
  url: string;
  close(): Promise<void>;
}

export async function serveSite(
  dir: string,
  { port = 0, dev = false }: { port?: number; dev?: boolean } = {},
): Promise<SiteServer> {
  const index = path.join(dir, 'index.html');
  await stat(index).catch(() => {
    throw new DocsBuildError(
      `${index} does not exist: build the site first with \`pnpm docs:build\` (or \`pnpm build\`).`,
    );
  });
  // dev: re-read files on every request, so a rebuilt site shows without restarting the server.
  const assets = sirv(dir, {
    dev,
    etag: true,
    onNoMatch: (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    },
  });
  const server = createServer((req, res) => assets(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
