// The defaults the READMEs state are the ones the code uses: each is read from the exported constants and
// looked for in the text, so a changed default fails here until the prose follows.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_REPLY_BYTES, RETRY_DEFAULTS } from '../../src/core/retry.js';

// (Whitespace folded: the prose wraps anywhere.)
const readme = (await readFile(new URL('../../README.md', import.meta.url), 'utf8')).replace(/\s+/g, ' ');
// "10 000": the README's digit grouping.
const shown = (value: number) => value.toLocaleString('en-US').replaceAll(',', ' ');

describe('the README states the defaults the code uses', () => {
  it('retry and redirects', () => {
    const { attempts, baseDelayMs, maxDelayMs, timeoutMs, maxRedirects } = RETRY_DEFAULTS;
    expect(readme).toContain(
      `\`attempts\` (${shown(attempts)}), \`baseDelayMs\` (${shown(baseDelayMs)}), \`maxDelayMs\` (${shown(maxDelayMs)}), \`timeoutMs\` (${shown(timeoutMs)}, 0 = none)`,
    );
    expect(readme).toContain(`\`redirects.max\` integer 0 to 20 (${maxRedirects})`);
  });

  it('the largest reply', () => {
    expect(DEFAULT_MAX_REPLY_BYTES % (1024 * 1024)).toBe(0);
    expect(readme).toContain(`(default \`DEFAULT_MAX_REPLY_BYTES\`, ${DEFAULT_MAX_REPLY_BYTES / 1024 / 1024} MiB)`);
  });
});
