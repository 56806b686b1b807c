// Debian's Chromium driven by playwright-core (never a downloaded browser), started the way toolchain.md says:
// headless, no background networking (it would flood the closed network), a fresh --user-data-dir per run.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page, type Request } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found. Install Debian's Chromium (what .ci/run does): ` +
        'apt-get update && apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH).',
    );
  }
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'backup-specs-docs-chromium-'));
  // launchPersistentContext is playwright's way to pass --user-data-dir (launch() refuses it as an argument).
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface NetworkLog {
  /** Every request the page made (URLs). */
  requests: string[];
  /** Requests to anything but 127.0.0.1 (aborted before they leave the machine). */
  external: string[];
  /** Requests that failed, or got an HTTP error status. */
  failed: string[];
  /** Console errors and uncaught exceptions (a CSP violation shows up here). */
  errors: string[];
}

const isLocal = (url: string): boolean => {
  const u = new URL(url);
  // data: and blob: URLs never touch the network (Redoc's search worker is a blob:).
  return u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1';
};

/** Records the page's traffic; anything not for 127.0.0.1 is aborted, so it is reported and never sent. */
export async function watchNetwork(page: Page): Promise<NetworkLog> {
  const log: NetworkLog = { requests: [], external: [], failed: [], errors: [] };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    log.external.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('request', (request: Request) => {
    log.requests.push(request.url());
    if (!isLocal(request.url()) && !log.external.includes(request.url())) log.external.push(request.url());
  });
  page.on('requestfailed', (request) =>
    log.failed.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) log.failed.push(`${response.url()} (HTTP ${response.status()})`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(message.text());
  });
  page.on('pageerror', (error) => log.errors.push(error.message));
  return log;
}
