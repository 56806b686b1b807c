// The built site in Debian's Chromium, served from 127.0.0.1: every page loads with zero failed requests and
// zero requests to any other host, every operation of every vendor spec has its section on its Redoc page, the
// landing page passes axe-core (no serious or critical violations). Render times are measured and reported
// (screenshots/report.{json,md} and the console), never asserted; screenshots go to screenshots/.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
// The named export: the package's types describe its CommonJS build, where the default import is not the class.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR, REPO_ROOT, SCREENSHOTS_DIR } from '../src/paths.ts';
import { type SiteServer, serveSite } from '../src/server.ts';
import { buildSite, type SiteSummary } from '../src/site.ts';
import { type Browser, launchChromium, type NetworkLog, watchNetwork } from './support/browser.ts';

interface PageReport {
  page: string;
  url: string;
  requests: number;
  /** Navigation start until every operation section is in the DOM (vendor pages). */
  renderMs?: number;
  domContentLoadedMs: number;
  loadMs: number;
  screenshots: string[];
  axe?: { violations: number; seriousOrCritical: number };
}

let outDir: string;
let site: SiteSummary;
let server: SiteServer;
let browser: Browser;
const reports: PageReport[] = [];

beforeAll(async () => {
  await mkdir(path.join(PACKAGE_DIR, '.tmp'), { recursive: true });
  const tmp = await mkdtemp(path.join(PACKAGE_DIR, '.tmp', 'browser-'));
  outDir = path.join(tmp, 'site');
  // A fresh build from the current bundles and code: the same output as `pnpm docs:build` (the build is deterministic).
  site = await buildSite({ repoRoot: REPO_ROOT, outDir });
  server = await serveSite(outDir);
  browser = await launchChromium();
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) await rm(path.dirname(outDir), { recursive: true, force: true });
  if (reports.length > 0) await writeReport();
});

async function writeReport(): Promise<void> {
  const rows = reports.map(
    (r) =>
      `| ${r.page} | ${r.renderMs ?? '-'} | ${r.domContentLoadedMs} | ${r.loadMs} | ${r.requests} | ${r.axe ? `${r.axe.violations} (${r.axe.seriousOrCritical} serious/critical)` : '-'} | ${r.screenshots.join(', ')} |`,
  );
  const markdown = [
    '# Docs site browser report',
    '',
    `Chromium (Debian) headless, 1280x900, served from 127.0.0.1. Generated ${new Date().toISOString()}.`,
    'Render = navigation start until every operation section of the spec is in the page (ms; reported, not asserted).',
    '',
    '| page | render ms | DOMContentLoaded ms | load ms | requests | axe violations | screenshots |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  await writeFile(path.join(SCREENSHOTS_DIR, 'report.md'), markdown);
  await writeFile(path.join(SCREENSHOTS_DIR, 'report.json'), `${JSON.stringify(reports, null, 2)}\n`);
  console.log(`\n${markdown}\nWritten to ${path.relative(process.cwd(), SCREENSHOTS_DIR)}/report.{md,json}`);
}

function expectCleanNetwork(log: NetworkLog, page: string): void {
  expect(log.external, `${page}: requests to hosts other than 127.0.0.1`).toEqual([]);
  expect(log.failed, `${page}: failed requests`).toEqual([]);
  expect(log.errors, `${page}: console errors (a Content-Security-Policy violation shows here)`).toEqual([]);
}

async function navigationTimes(page: Page): Promise<{ domContentLoadedMs: number; loadMs: number }> {
  return page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return {
      domContentLoadedMs: Math.round(nav?.domContentLoadedEventEnd ?? -1),
      loadMs: Math.round(nav?.loadEventEnd ?? -1),
    };
  });
}

describe('docs site in Chromium', () => {
  it('the network check catches a request to another host (and aborts it)', async () => {
    const page = await browser.context.newPage();
    const log = await watchNetwork(page);
    await page.goto(server.url);
    await page.evaluate(async () => {
      const img = document.createElement('img');
      img.src = 'http://192.0.2.1/logo.svg'; // TEST-NET-1: never routable; the route handler aborts it anyway
      document.body.append(img);
      await new Promise((resolve) => img.addEventListener('error', resolve));
    });
    await page.close();
    expect(log.external).toEqual(['http://192.0.2.1/logo.svg']);
  });

  it('landing page: loads offline, lists every vendor API, no serious or critical axe violations', async () => {
    const page = await browser.context.newPage();
    const log = await watchNetwork(page);
    await page.goto(server.url, { waitUntil: 'load' });

    for (const v of site.vendors) {
      const row = page.locator('table tbody tr', { has: page.locator(`a[href="${v.page}"]`) });
      await expect(row.count()).resolves.toBe(1);
      const cells = await row.locator('td').allTextContents();
      expect(cells.slice(0, 3)).toEqual([v.alias, v.version, String(v.operationIds.length)]);
      for (const file of ['openapi.yaml', 'openapi.json']) {
        const href = await page.locator(`a[href="${v.page}${file}"]`).first().getAttribute('href');
        const response = await page.request.get(new URL(href ?? '', server.url).href);
        expect(response.status(), `${v.page}${file}`).toBe(200);
      }
    }

    const axe = await new AxeBuilder({ page }).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const shot = path.join(SCREENSHOTS_DIR, 'landing.png');
    await page.screenshot({ path: shot, fullPage: true });
    reports.push({
      page: 'landing',
      url: server.url,
      requests: log.requests.length,
      ...(await navigationTimes(page)),
      screenshots: [path.basename(shot)],
      axe: { violations: axe.violations.length, seriousOrCritical: serious.length },
    });
    await page.close();

    expect(
      serious.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`),
    ).toEqual([]);
    expectCleanNetwork(log, 'landing');
  });

  it('landing page: every operation link points at a section of its vendor page', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    const hrefs = await page.$$eval('ul.operations a', (links) => links.map((a) => a.getAttribute('href') ?? ''));
    await page.close();
    const expected = site.vendors.flatMap((v) => v.operationIds.map((id) => `${v.page}#operation/${id}`));
    expect(hrefs.sort()).toEqual(expected.sort());
  });

  // One test per vendor in the redocly.yaml list; the list is read by the build, so a new vendor is covered too.
  it('vendor reference pages: load offline and show every operation of the spec', async () => {
    const barHeights = new Map<string, number>();
    expect(site.vendors.length).toBeGreaterThan(0);
    for (const v of site.vendors) {
      const page = await browser.context.newPage();
      const log = await watchNetwork(page);
      await page.goto(new URL(v.page, server.url).href, { waitUntil: 'load' });
      await page.waitForFunction(
        (ids: string[]) => ids.every((id) => document.getElementById(`operation/${id}`)),
        v.operationIds,
        { polling: 'raf', timeout: 30_000 },
      );
      const renderMs = Math.round(await page.evaluate(() => performance.now()));
      await page.waitForLoadState('networkidle');

      // Each section is Redoc's rendering of that operation: its summary heading and our code samples.
      const missing: string[] = [];
      for (const { operationId, summary } of v.operations) {
        const text = (await page.locator(`[id="operation/${operationId}"]`).textContent()) ?? '';
        if (!text.includes(summary)) missing.push(`${operationId}: summary "${summary}"`);
        for (const sample of v.samples.find((s) => s.operationId === operationId)?.samples ?? []) {
          if (!text.includes(sample.label)) missing.push(`${operationId}: code sample tab "${sample.label}"`);
        }
      }
      expect(missing, `${v.alias}`).toEqual([]);

      // Every API page explains authentication, in the same place.
      await expect(page.locator('[id="section/Authentication"]').count()).resolves.toBe(1);
      barHeights.set(v.alias, (await page.locator('.reference-bar').boundingBox())?.height ?? 0);

      const top = path.join(SCREENSHOTS_DIR, `${v.vendor}.png`);
      await page.screenshot({ path: top });
      // The first operation with its request samples: what most readers come for.
      const first = v.operationIds[0] as string;
      await page.locator(`[id="operation/${first}"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      const op = path.join(SCREENSHOTS_DIR, `${v.vendor}-${first}.png`);
      await page.screenshot({ path: op });
      // The TypeScript tab switches the sample panel to the client call.
      const section = page.locator(`[id="operation/${first}"]`);
      await section.getByRole('tab', { name: 'TypeScript', exact: true }).first().click();
      const factory = v.samples[0]?.samples.find((s) => s.lang === 'TypeScript')?.source.split('\n')[0] ?? '';
      await expect(section.getByText(factory).first().isVisible()).resolves.toBe(true);
      // No code sample is cut off at the right edge: visible code blocks wrap rather than overflow.
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll('#reference pre')]
          .filter((pre) => pre.getClientRects().length > 0 && pre.scrollWidth > pre.clientWidth + 1)
          .map((pre) => (pre.textContent ?? '').slice(0, 60)),
      );
      expect(clipped, `${v.alias}: code blocks wider than their panel`).toEqual([]);
      const ts = path.join(SCREENSHOTS_DIR, `${v.vendor}-${first}-typescript.png`);
      await page.screenshot({ path: ts });
      reports.push({
        page: v.alias,
        url: page.url(),
        requests: log.requests.length,
        renderMs,
        ...(await navigationTimes(page)),
        screenshots: [path.basename(top), path.basename(op), path.basename(ts)],
      });
      await page.close();
      expectCleanNetwork(log, v.alias);
    }
    // The bar above Redoc has the same shape on every vendor page.
    expect(new Set(barHeights.values()).size, JSON.stringify([...barHeights])).toBe(1);
  });
});
