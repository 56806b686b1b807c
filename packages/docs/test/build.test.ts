// The site builder on small fixture specs (test/fixtures), independent of the real specs: layout, landing page
// content generated from the bundles and the vendor list, code samples, escaping, and clear failures.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DocsBuildError } from '../src/bundles.ts';
import { REPO_ROOT } from '../src/paths.ts';
import { patchStandalone, REDOC_LOGO_URL } from '../src/redoc.ts';
import { serveSite } from '../src/server.ts';
import { buildSite, type SiteSummary } from '../src/site.ts';
import { FIXTURES, fixtureRepo } from './support/fixture-repo.ts';

const read = (dir: string, file: string) => readFile(path.join(dir, file), 'utf8');
const roots: string[] = [];
async function repo(vendors: Record<string, string | object>): Promise<string> {
  const root = await fixtureRepo(vendors);
  roots.push(root);
  return root;
}

let root: string;
let out: string;
let site: SiteSummary;

beforeAll(async () => {
  // huaweicloud-cbr first: the site must follow redocly.yaml's order, not an alphabetical or hard-coded one.
  root = await repo({ 'huaweicloud-cbr': 'huaweicloud-cbr.yaml', zstack: 'zstack.yaml' });
  out = path.join(root, 'site');
  site = await buildSite({ repoRoot: root, outDir: out });
});

afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

describe('site layout', () => {
  it('landing page, one shared asset folder, one folder per vendor with its page, reference and downloads', async () => {
    const files = (await readdir(out, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(out, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .sort();
    expect(files).toEqual(
      [
        'index.html',
        'assets/favicon.svg',
        'assets/redoc.standalone.js',
        'assets/redoc.standalone.js.LICENSE.txt',
        'assets/style.css',
        ...['huaweicloud-cbr', 'zstack'].flatMap((v) =>
          ['index.html', 'openapi.json', 'openapi.yaml', 'reference.json'].map((f) => `${v}/${f}`),
        ),
      ].sort(),
    );
  });

  it('downloads are the bundles, byte for byte', async () => {
    for (const vendor of ['zstack', 'huaweicloud-cbr']) {
      for (const file of ['openapi.yaml', 'openapi.json']) {
        expect(await read(out, `${vendor}/${file}`)).toBe(await read(root, `specs/${vendor}/dist/${file}`));
      }
    }
  });

  it('every page loads the one shared Redoc copy and stylesheet by relative URL, nothing from another host', async () => {
    for (const page of ['index.html', 'zstack/index.html', 'huaweicloud-cbr/index.html']) {
      const html = await read(out, page);
      const loads = [...html.matchAll(/<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      expect(
        loads.filter((url) => /^(https?:)?\/\//.test(url ?? '')),
        page,
      ).toEqual([]);
      expect(html, page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
      expect(html, page).toContain('http-equiv="Content-Security-Policy"');
      if (page !== 'index.html') {
        expect(loads, page).toEqual(['../assets/favicon.svg', '../assets/style.css', '../assets/redoc.standalone.js']);
      }
    }
    const redoc = await read(out, 'assets/redoc.standalone.js');
    expect(redoc).not.toContain(REDOC_LOGO_URL);
    expect(redoc).not.toMatch(/\/\/# sourceMappingURL=\S+\s*$/); // the .map is not shipped
    expect(redoc.length).toBeGreaterThan(500_000); // the real bundle, not a stub
  });
});

describe('landing page', () => {
  it('shows the version of the published packages it documents', async () => {
    const html = await read(out, 'index.html');
    const { version } = JSON.parse(await read(path.join(REPO_ROOT, 'specs'), 'package.json')) as { version: string };
    expect(html).toContain(`backup-specs <span class="package-version">${version}</span>`);
    expect(html).toContain(`npm install @backup-specs/specs@${version}`);
  });

  it('lists the vendor APIs in redocly.yaml order with version, operation count, reference link and downloads', async () => {
    const html = await read(out, 'index.html');
    const rows = [
      ...html.matchAll(
        /<tr>\s*<th scope="row"><a href="([^"]+)">([^<]+)<\/a><\/th>\s*<td><code>([^<]+)<\/code><\/td>\s*<td>([^<]+)<\/td>\s*<td>(\d+)<\/td>\s*<td>(.*?)<\/td>/gs,
      ),
    ].map((m) => ({ href: m[1], title: m[2], alias: m[3], version: m[4], count: Number(m[5]), downloads: m[6] }));
    expect(rows.map(({ downloads: _, ...r }) => r)).toEqual([
      {
        href: 'huaweicloud-cbr/',
        title: 'Huawei Cloud CBR Fixture',
        alias: 'huaweicloud-cbr@v3',
        version: 'v3',
        count: 2,
      },
      { href: 'zstack/', title: 'ZStack Cloud Fixture', alias: 'zstack@v1', version: 'v1', count: 3 },
    ]);
    expect(rows[1]?.downloads).toMatch(/href="zstack\/openapi\.yaml" download>YAML<\/a> \(\d+\.\d KB\)/);
    expect(rows[1]?.downloads).toMatch(/href="zstack\/openapi\.json" download>JSON<\/a>/);
    // The operations list links into the Redoc page by operationId.
    expect(html).toContain('<a href="zstack/#operation/QueryCbtTask"><code>GET /v1/cbt-task</code></a>');
    // First paragraph of the description, Markdown removed.
    expect(html).toContain('<p>A fixture modelled on ZStack&#39;s query APIs. See the vendor.</p>');
    expect(html).not.toContain('Second paragraph');
  });

  it('is generated from the bundles: a changed title or a new vendor in redocly.yaml shows up, escaped', async () => {
    const doc = parse(await readFile(path.join(FIXTURES, 'zstack.yaml'), 'utf8')) as { info: { title: string } };
    doc.info.title = 'Zs <script>alert(1)</script> & co';
    const other = await repo({ zstack: doc, 'huaweicloud-vbs': 'huaweicloud-cbr.yaml' });
    const summary = await buildSite({ repoRoot: other, outDir: path.join(other, 'site') });
    expect(summary.vendors.map((v) => v.vendor)).toEqual(['zstack', 'huaweicloud-vbs']);
    const html = await read(other, 'site/index.html');
    expect(html).toContain('Zs &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<a href="huaweicloud-vbs/">');
  });
});

describe('reference pages', () => {
  it('reference.json is the bundle plus x-codeSamples on every operation; the bundle itself is untouched', async () => {
    for (const vendor of ['zstack', 'huaweicloud-cbr']) {
      const reference = JSON.parse(await read(out, `${vendor}/reference.json`));
      const bundle = JSON.parse(await read(root, `specs/${vendor}/dist/openapi.json`));
      for (const item of Object.values(reference.paths) as Array<Record<string, { 'x-codeSamples'?: unknown[] }>>) {
        for (const [key, op] of Object.entries(item)) {
          if (key === 'parameters') continue;
          expect(op['x-codeSamples']?.length, `${vendor} ${key}`).toBeGreaterThanOrEqual(2);
          delete op['x-codeSamples'];
        }
      }
      // The description gains the Authentication section (prose, then Redoc's security-scheme rendering).
      expect(reference.info.description.startsWith((bundle.info.description ?? '').trimEnd())).toBe(true);
      expect(reference.info.description).toMatch(
        /\n## Authentication\n[\s\S]+<!-- ReDoc-Inject: <security-definitions> -->\n$/,
      );
      reference.info.description = bundle.info.description;
      expect(reference).toEqual(bundle);
    }
  });

  it('the Redoc page points Redoc at reference.json and offers the bundles for download', async () => {
    const html = await read(out, 'zstack/index.html');
    expect(html).toMatch(/<redoc spec-url="reference.json" [^>]*hide-download-button="true"/);
    expect(html).toContain('<a href="openapi.yaml" download>openapi.yaml</a>');
    expect(html).toContain('<a href="../zstack/" aria-current="page">ZStack Cloud</a>');
    // theme is JSON in an attribute: it must survive HTML escaping.
    const theme = /theme="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(
      JSON.parse(
        theme
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&'),
      ),
    ).toHaveProperty('typography.fontFamily');
  });

  it('the summary lists every operationId per vendor', () => {
    expect(site.vendors.map((v) => [v.alias, v.operationIds])).toEqual([
      ['huaweicloud-cbr@v3', ['ListOpLogs', 'ShowOpLog']],
      ['zstack@v1', ['QueryCbtTask', 'QueryCbtTaskByUuid', 'LogInByAccount']],
    ]);
  });
});

describe('code samples (fixture specs)', () => {
  const sample = (vendor: string, operationId: string, label: string) =>
    site.vendors
      .find((v) => v.vendor === vendor)
      ?.samples.find((s) => s.operationId === operationId)
      ?.samples.find((s) => s.label === label)?.source ?? '';

  it('ZStack curl: vendor URL, repeated q, %-encoded wildcard, sort + as %2B, OAuth session header', () => {
    const curl = sample('zstack', 'QueryCbtTask', 'curl');
    expect(curl).toContain(
      `curl -sS "http://\${HOST}:8080/zstack/v1/cbt-task?q=status=Running&q=name~=db%25&limit=10&sort=%2BcreateDate"`,
    );
    expect(curl).toContain(`-H "Authorization: OAuth \${SESSION_UUID}"`);
    expect(curl).toMatch(/^HOST='zstack\.example\.internal'/m);
    // `start` has no example and is optional: not in the sample.
    expect(curl).not.toContain('start=');
  });

  it('ZStack login: no session header (security: []), method and JSON body, quotes escaped for the shell', () => {
    const curl = sample('zstack', 'LogInByAccount', 'curl');
    expect(curl).toContain(`curl -sS -X PUT "http://\${HOST}:8080/zstack/v1/accounts/login"`);
    expect(curl).not.toContain('Authorization');
    expect(curl).toContain(`"password": "it'\\''s a hash"`);
  });

  it("Huawei: token and AK/SK curl with the profile's query parameters, strictly encoded and sorted", () => {
    const token = sample('huaweicloud-cbr', 'ListOpLogs', 'curl (X-Auth-Token)');
    // resource_name has an example but is not among the profile's sample parameters.
    const query = 'limit=100&start_time=2024-05-01T00%3A00%3A00Z&status=success';
    expect(token).toContain(`"https://cbr.\${REGION}.myhuaweicloud.com/v3/\${PROJECT_ID}/operation-logs?${query}"`);
    expect(token).toContain(`-H "X-Auth-Token: \${TOKEN}"`);
    const aksk = sample('huaweicloud-cbr', 'ListOpLogs', 'curl (AK/SK signed)');
    expect(aksk).toContain(
      `CANONICAL_REQUEST="GET\n/v3/\${PROJECT_ID}/operation-logs/\n${query}\nhost:cbr.\${REGION}.myhuaweicloud.com\n`,
    );
    expect(aksk).toContain(`SignedHeaders=host;x-project-id;x-sdk-date, Signature=\${SIGNATURE}`);
  });

  it('TypeScript: the vendor factory and client.GET(path, { params }) with the example values', () => {
    const ts = sample('huaweicloud-cbr', 'ShowOpLog', 'TypeScript');
    expect(ts).toContain("import { createCbrClient } from '@backup-specs/client/huaweicloud-cbr';");
    expect(ts).toContain("region: 'cn-north-4',");
    expect(ts).toContain("await cbr.GET('/v3/{project_id}/operation-logs/{operation_log_id}', {");
    expect(ts).toContain("path: { project_id: projectId, operation_log_id: '4827f2da-b008-4507-ab7d-42d0df5ed912' },");
    expect(ts).toMatch(/^const projectId = '0123456789abcdef0123456789abcdef';$/m);
    const zs = sample('zstack', 'LogInByAccount', 'TypeScript');
    expect(zs).toContain("zstack.PUT('/v1/accounts/login', {");
    // Logging in needs no session: the sample gives the client the account and sends the password's digest.
    expect(zs).not.toContain('sessionUuid');
    expect(zs).toContain("auth: { accountName, password: process.env.ZSTACK_PASSWORD ?? '' },");
    expect(zs).toContain("createHash('sha512').update(process.env.ZSTACK_PASSWORD ?? '').digest('hex')");
    expect(zs).toContain('body: { logInByAccount: { accountName, password } },');
  });
});

describe('clear failures', () => {
  it('a missing bundle names the file and says to run pnpm build; the previous site is left alone', async () => {
    const broken = await repo({ zstack: 'zstack.yaml' });
    await rm(path.join(broken, 'specs', 'zstack', 'dist', 'openapi.json'));
    const site = path.join(broken, 'site');
    await mkdir(site);
    await writeFile(path.join(site, 'index.html'), 'previous build');
    const error = await buildSite({ repoRoot: broken, outDir: site }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocsBuildError);
    expect((error as Error).message).toMatch(
      /zstack@v1: specs\/zstack\/dist\/openapi\.json is missing.*run `pnpm build`/s,
    );
    expect(await read(site, 'index.html')).toBe('previous build');
    expect((await readdir(broken)).filter((f) => f.includes('-tmp-'))).toEqual([]);
  });

  it('an API without a dedicated client (client: none, auth: none) gets plain openapi-fetch samples', async () => {
    const plain = await repo({ acme: 'zstack.yaml' });
    await buildSite({ repoRoot: plain, outDir: path.join(plain, 'site') });
    const reference = JSON.parse(await read(path.join(plain, 'site'), 'acme/reference.json')) as {
      info: { description: string };
      paths: Record<string, Record<string, { 'x-codeSamples': Array<{ lang: string; source: string }> }>>;
    };
    const samples = reference.paths['/v1/cbt-task']?.get?.['x-codeSamples'] ?? [];
    const typescript = samples.find((sample) => sample.lang === 'TypeScript')?.source ?? '';
    expect(typescript.split('\n').slice(0, 5)).toEqual([
      "import createClient from 'openapi-fetch';",
      "import type { paths } from '@backup-specs/types/acme';",
      '',
      'const acme = createClient<paths>({',
      "  baseUrl: 'http://zstack.example.internal:8080/zstack',",
    ]);
    expect(typescript).toContain("await acme.GET('/v1/cbt-task'");
    // No auth style: no credentials in either sample, and the page says so.
    expect(samples.map((sample) => sample.source).join('\n')).not.toMatch(/OAuth|X-Auth-Token|SESSION_UUID/);
    expect(reference.info.description).toMatch(/## Authentication\n\nThe samples send no credentials/);
  });

  it('hand-written x-codeSamples in a spec are refused (they are generated)', async () => {
    const doc = parse(await readFile(path.join(FIXTURES, 'zstack.yaml'), 'utf8')) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    (doc.paths['/v1/cbt-task']?.get as Record<string, unknown>)['x-codeSamples'] = [{ lang: 'Shell', source: 'curl' }];
    const handWritten = await repo({ zstack: doc });
    await expect(buildSite({ repoRoot: handWritten, outDir: path.join(handWritten, 'site') })).rejects.toThrow(
      /QueryCbtTask already has x-codeSamples/,
    );
  });

  it('a sample value override that the spec forbids is refused', async () => {
    const doc = parse(await readFile(path.join(FIXTURES, 'zstack.yaml'), 'utf8')) as {
      paths: Record<string, { get: { parameters: Array<{ name: string; schema: Record<string, unknown> }> } }>;
    };
    const sort = doc.paths['/v1/cbt-task']?.get.parameters.find((p) => p.name === 'sort');
    if (sort) sort.schema.pattern = '^-'; // descending only: the profile's '+createDate' no longer fits
    const strict = await repo({ zstack: doc });
    await expect(buildSite({ repoRoot: strict, outDir: path.join(strict, 'site') })).rejects.toThrow(
      /"\+createDate" for "sort" does not match its pattern/,
    );
  });

  it('serving a site that was not built says to run pnpm docs:build', async () => {
    await expect(serveSite(path.join(root, 'no-such-site'))).rejects.toThrow(
      /index\.html does not exist.*`pnpm docs:build`/,
    );
  });

  it('the server answers on 127.0.0.1 only, with 404 for unknown files', async () => {
    const server = await serveSite(out);
    try {
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
      expect((await fetch(new URL('zstack/reference.json', server.url))).status).toBe(200);
      expect((await fetch(new URL('nope.html', server.url))).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('the Redoc patch fails loudly when Redoc changes how it loads its logo', () => {
    expect(patchStandalone(`a("${REDOC_LOGO_URL}")\n//# sourceMappingURL=x.map\n`)).toBe('a("data:,")\n');
    expect(() => patchStandalone('no logo here')).toThrow(/0 times \(expected exactly once\)/);
    expect(() => patchStandalone(`"${REDOC_LOGO_URL}" "${REDOC_LOGO_URL}"`)).toThrow(/2 times/);
  });
});
