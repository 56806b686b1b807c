import { serveSite } from '../../src/server.ts';
import { launchChromium, watchNetwork } from './browser.ts';

const dir = process.argv[2] as string;
const server = await serveSite(dir);
const b = await launchChromium();
for (const p of ['', 'zstack/', 'huaweicloud-cbr/']) {
  const page = await b.context.newPage();
  const log = await watchNetwork(page);
  const t0 = Date.now();
  await page.goto(server.url + p, { waitUntil: 'load' });
  if (p) await page.waitForSelector('[id^="operation/"]', { timeout: 10000 });
  const ids = await page.$$eval('[id^="operation/"]', (els) => els.map((e) => e.id));
  const ms = await page.evaluate(() => performance.now());
  console.log(p, Date.now() - t0, Math.round(ms), ids, JSON.stringify(log, null, 1));
  await page.screenshot({ path: `/tmp/shot-${p.replace('/', '') || 'index'}.png`, fullPage: p === '' });
  await page.close();
}
await b.close();
await server.close();
