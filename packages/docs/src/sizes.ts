// Site size as transferred: every file gzipped on its own (zlib level 6, the `gzip` command's default and
// what common web servers use), summed. This is a size, so the budget test may assert it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatBytes } from './html.ts';

/** The budget of issue 5: the whole site <= 1 MB transferred, gzipped. */
export const SITE_BUDGET_GZIP_BYTES = 1024 * 1024;

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface SiteSize {
  files: FileSize[];
  raw: number;
  gzip: number;
}

export async function measureSite(dir: string): Promise<SiteSize> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: FileSize[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const data = await readFile(full);
    files.push({
      file: path.relative(dir, full).split(path.sep).join('/'),
      raw: data.length,
      gzip: gzipSync(data, { level: 6 }).length,
    });
  }
  files.sort((a, b) => b.gzip - a.gzip || a.file.localeCompare(b.file));
  return {
    files,
    raw: files.reduce((sum, f) => sum + f.raw, 0),
    gzip: files.reduce((sum, f) => sum + f.gzip, 0),
  };
}

export function formatSiteSize(size: SiteSize): string {
  const width = Math.max(...size.files.map((f) => f.file.length), 'total'.length);
  const lines = size.files.map(
    (f) => `  ${f.file.padEnd(width)}  ${formatBytes(f.raw).padStart(10)}  ${formatBytes(f.gzip).padStart(10)}`,
  );
  return [
    `  ${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzipped'.padStart(10)}`,
    ...lines,
    `  ${'total'.padEnd(width)}  ${formatBytes(size.raw).padStart(10)}  ${formatBytes(size.gzip).padStart(10)}`,
    `  budget: ${formatBytes(SITE_BUDGET_GZIP_BYTES)} gzipped (${((size.gzip / SITE_BUDGET_GZIP_BYTES) * 100).toFixed(0)}% used)`,
  ].join('\n');
}
