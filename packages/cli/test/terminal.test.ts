// Under a pseudo-terminal (util-linux `script`), as an operator sees it: the progress bar and spinner of
// `watch`, redrawn in place, and colours, except with NO_COLOR.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendors, startFakeVendors } from '../../tasks/test/support/fake-vendors.js';
import { BIN, baseEnv, ESC } from './support/run.js';

let fake: FakeVendors;
beforeAll(async () => {
  fake = await startFakeVendors();
});
afterAll(() => fake.close());

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/** Runs the bin in a pty (100 columns by default); `script -e` returns the command's exit code. */
function inTerminal(
  args: string[],
  env: Record<string, string> = {},
  vendors: FakeVendors = fake,
  columns = 100,
): Promise<{ code: number; screen: string }> {
  const command = `stty cols ${columns} rows 30; ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}`;
  return new Promise((resolve) => {
    execFile(
      'script',
      ['-qfec', command, '/dev/null'],
      { env: baseEnv({ ...vendors.env(), TERM: 'xterm-256color', ...env }), timeout: 20_000 },
      (error, stdout) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, screen: stdout });
      },
    );
  });
}

const COLOUR = new RegExp(`${ESC}\\[(?:3\\d|9\\d|1|2)(?:;\\d+)*m`);

describe('in a terminal', () => {
  it('watch draws a progress bar in place when the vendor reports progress (CBR)', async () => {
    const { code, screen } = await inTerminal(['watch', 'huaweicloud-cbr', 'cbr-succeeds', '--interval', '0.3']);
    expect(code).toBe(0);
    expect(screen).toMatch(/huaweicloud-cbr cbr-succeeds {2}█+░+ +30%/);
    expect(screen).toMatch(/█{30} 100%/);
    expect(screen).toMatch(new RegExp(`\\r|${ESC}\\[\\d*G|${ESC}\\[2K`)); // redrawn in place, not one line per poll
    expect(screen).toMatch(COLOUR);
    expect(screen).toMatch(/✓.*huaweicloud-cbr cbr-succeeds succeeded/);
  });

  it('watch spins when the vendor reports no progress (VBS)', async () => {
    const { code, screen } = await inTerminal(['watch', 'huaweicloud-vbs', 'vbs-succeeds', '--interval', '0.3']);
    expect(code).toBe(0);
    expect(screen).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] huaweicloud-vbs vbs-succeeds/);
    expect(screen).not.toContain('░');
  });

  it('list colours statuses on a terminal, and not with NO_COLOR', async () => {
    const coloured = await inTerminal(['list']);
    expect(coloured.code).toBe(0);
    expect(coloured.screen).toMatch(COLOUR);
    const plain = await inTerminal(['list'], { NO_COLOR: '1' });
    expect(plain.code).toBe(0);
    expect(plain.screen).toContain('succeeded');
    expect(plain.screen).not.toMatch(COLOUR);
    const plainWatch = await inTerminal(['watch', 'huaweicloud-cbr', 'cbr-fails', '--interval', '0.1'], {
      NO_COLOR: '1',
    });
    expect(plainWatch.code).toBe(1);
    expect(plainWatch.screen).not.toMatch(COLOUR);
  });

  it('list fits the terminal: long names are cut, ids never', async () => {
    const long = await startFakeVendors({ nameSuffix: `-${'x'.repeat(90)}` });
    try {
      // 140 columns: the fixed columns (a ZStack uuid alone is 32) take 118 of them.
      const { code, screen } = await inTerminal(['list'], { NO_COLOR: '1' }, long, 140);
      expect(code).toBe(0);
      const rows = screen.split('\r\n').filter((line) => line.startsWith('huaweicloud-') || line.startsWith('zstack '));
      expect(rows.length).toBeGreaterThan(5);
      for (const row of rows) expect(row.length).toBeLessThanOrEqual(140);
      expect(screen).toContain('…');
      expect(screen).toContain('cbr-00000002');
    } finally {
      await long.close();
    }
  });

  it.each([60, 100])(
    'list and vendors fit a %i-column terminal (columns dropped, or one block per task)',
    async (width) => {
      const long = await startFakeVendors({ nameSuffix: `-${'x'.repeat(90)}` });
      try {
        for (const args of [['list'], ['vendors']]) {
          const { code, screen } = await inTerminal(args, { NO_COLOR: '1' }, long, width);
          expect(code).toBe(0);
          const lines = screen.split('\r\n').filter((line) => line.trim() !== '' && !line.startsWith('$'));
          expect(lines.length).toBeGreaterThan(2);
          for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
          if (args[0] === 'list') expect(screen).toContain('cbr-00000002'); // ids whole
        }
      } finally {
        await long.close();
      }
    },
  );
});
