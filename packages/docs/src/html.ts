// The site's HTML: plain, accessible markup (landmarks, a skip link, captions, real links), no framework,
// one stylesheet shared with the Redoc pages. Everything a page loads comes from the site itself; the
// Content-Security-Policy makes the browser refuse anything else, as a second line behind the tests.
import type { VendorBundle } from './bundles.ts';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

// Redoc needs inline styles (styled-components) and a blob: worker (search, highlighting); nothing leaves the site.
const CSP_REFERENCE =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'";
const CSP_LANDING =
  "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const operations = (n: number): string => `${n} operation${n === 1 ? '' : 's'}`;

export const formatBytes = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** Redoc theme: the same fonts and colours as style.css, so landing and reference pages look like one site. */
const REDOC_THEME = {
  colors: { primary: { main: '#1d4f91' }, text: { primary: '#1f2328' } },
  typography: {
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    fontSize: '15px',
    headings: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" },
    code: {
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
      fontSize: '13px',
    },
    links: { color: '#1d4f91' },
  },
  sidebar: { backgroundColor: '#f6f8fa', textColor: '#1f2328' },
  // Wider than Redoc's 40%: the curl and TypeScript samples are the point of the right panel.
  rightPanel: { backgroundColor: '#1f2a37', width: '45%' },
};

/** Redoc options, as attributes of the <redoc> element read by the standalone script's auto-init. */
const REDOC_ATTRIBUTES: Record<string, string> = {
  // The page header offers the unmodified bundles; Redoc's own button would hand out reference.json instead.
  'hide-download-button': 'true',
  'expand-responses': '200',
  'required-props-first': 'true',
  'json-sample-expand-level': '3',
  theme: JSON.stringify(REDOC_THEME),
};

export interface VendorPageInfo {
  bundle: VendorBundle;
  /** Short name for navigation. */
  name: string;
  /** Site-relative folder of the vendor's page, e.g. `zstack/`. */
  dir: string;
  sizes: { yaml: number; json: number };
}

function header(vendors: VendorPageInfo[], prefix: string, current?: string): string {
  const links = vendors
    .map(({ bundle, dir, name }) => {
      const currentAttr = bundle.api.vendor === current ? ' aria-current="page"' : '';
      return `<li><a href="${prefix}${dir}"${currentAttr}>${escapeHtml(name)}</a></li>`;
    })
    .join('');
  return `<header class="site-header">
  <a class="brand" href="${prefix || './'}"${current ? '' : ' aria-current="page"'}>backup-specs</a>
  <nav aria-label="API references"><ul>${links}</ul></nav>
</header>`;
}

function head(title: string, prefix: string, csp: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${prefix}assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${prefix}assets/style.css">
</head>`;
}

/** First paragraph of a Markdown description as plain text (inline markup removed). */
function plainSummary(markdown: string | undefined): string {
  const first = (markdown ?? '').trim().split(/\n\s*\n/)[0] ?? '';
  return first
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function vendorPage(page: VendorPageInfo, vendors: VendorPageInfo[]): string {
  const { info } = page.bundle.doc;
  const attributes = Object.entries(REDOC_ATTRIBUTES)
    .map(([name, value]) => `${name}="${escapeHtml(value)}"`)
    .join(' ');
  return `${head(`${info.title} ${info.version} reference · backup-specs`, '../', CSP_REFERENCE)}
<body class="reference">
${header(vendors, '../', page.bundle.api.vendor)}
<div class="reference-bar">
  <p><strong>${escapeHtml(page.name)} API reference</strong> <span class="version">version ${escapeHtml(info.version)}</span>
  · ${operations(page.bundle.operations.length)}</p>
  <p class="downloads">Download the bundled spec:
  <a href="openapi.yaml" download>openapi.yaml</a> (${formatBytes(page.sizes.yaml)}) ·
  <a href="openapi.json" download>openapi.json</a> (${formatBytes(page.sizes.json)})</p>
</div>
<main id="reference">
<redoc spec-url="reference.json" ${attributes}></redoc>
<noscript><p>This reference page is rendered by Redoc and needs JavaScript. The spec itself is
<a href="openapi.yaml">openapi.yaml</a>.</p></noscript>
</main>
<script src="../assets/redoc.standalone.js"></script>
</body>
</html>
`;
}

/** `packagesVersion`: the version of the published packages (@backup-specs/specs and the rest) this site documents. */
export function landingPage(vendors: VendorPageInfo[], redocVersion: string, packagesVersion: string): string {
  const rows = vendors
    .map(({ bundle, dir, sizes }) => {
      const { info } = bundle.doc;
      return `<tr>
  <th scope="row"><a href="${dir}">${escapeHtml(info.title)}</a></th>
  <td><code>${escapeHtml(bundle.api.alias)}</code></td>
  <td>${escapeHtml(info.version)}</td>
  <td>${bundle.operations.length}</td>
  <td><a href="${dir}openapi.yaml" download>YAML</a> (${formatBytes(sizes.yaml)}) · <a href="${dir}openapi.json" download>JSON</a> (${formatBytes(sizes.json)})</td>
</tr>`;
    })
    .join('\n');
  const sections = vendors
    .map(({ bundle, dir }) => {
      const { info } = bundle.doc;
      const id = `api-${bundle.api.vendor}`;
      const server = bundle.doc.servers?.[0]?.url;
      const ops = bundle.operations
        .map(
          (op) =>
            `<li><a href="${dir}#operation/${encodeURIComponent(op.operationId)}"><code>${op.method.toUpperCase()} ${escapeHtml(op.path)}</code></a> ` +
            `<span class="op-id">${escapeHtml(op.operationId)}</span>: ${escapeHtml(op.summary)}</li>`,
        )
        .join('\n');
      return `<section aria-labelledby="${id}">
<h3 id="${id}">${escapeHtml(info.title)} <span class="version">version ${escapeHtml(info.version)}</span></h3>
<p>${escapeHtml(plainSummary(info.summary ?? info.description))}</p>
${server ? `<p>Base URL: <code>${escapeHtml(server)}</code></p>` : ''}
<p><a href="${dir}">Read the ${escapeHtml(info.title)} reference</a> (${operations(bundle.operations.length)})</p>
<ul class="operations">
${ops}
</ul>
</section>`;
    })
    .join('\n');
  return `${head('backup-specs: API reference for ZStack Cloud and Huawei Cloud backup tasks', '', CSP_LANDING)}
<body>
<a class="skip-link" href="#main">Skip to content</a>
${header(vendors, '')}
<main id="main">
<h1>backup-specs</h1>
<p class="lede">Exact, hand-authored OpenAPI 3.1 descriptions of the backup-task query APIs of ZStack Cloud and
Huawei Cloud, and what is built from them: bundled specs, generated TypeScript types, a typed fetch client
(<code>@backup-specs/client</code>), mock servers and this site.</p>
<p>The specs follow what the vendors' servers really do, and say so wherever a vendor's own reference page
is wrong (look for “Vendor page:” in the descriptions). Every operation in the references below shows curl
calls with the vendor's real URLs and authentication, and the same call with the TypeScript client.</p>

<h2>APIs</h2>
<table>
<caption>Vendor APIs described by backup-specs</caption>
<thead><tr><th scope="col">API</th><th scope="col">Alias</th><th scope="col">Version</th><th scope="col">Operations</th><th scope="col">Bundled spec</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>

<h2>Operations</h2>
${sections}
</main>
<footer class="site-footer">
<p>backup-specs <span class="package-version">${escapeHtml(packagesVersion)}</span>: these are the specs of
<code>npm install @backup-specs/specs@${escapeHtml(packagesVersion)}</code> (and of the types, client and mock of the same version).</p>
<p>Generated from the bundled specs (<code>specs/&lt;vendor&gt;/dist</code>) by <code>pnpm docs:build</code>. Reference pages rendered by
Redoc ${escapeHtml(redocVersion)}, served from this site: the pages load nothing from any other host.</p>
</footer>
</body>
</html>
`;
}
