// show, watch, vendors, usage errors, configuration and secrets, as a subprocess.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TASK_VENDORS } from '@backup-specs/tasks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateTask } from '../../tasks/test/support/bundles.js';
import {
  AK,
  type FakeVendors,
  POLICY,
  PROJECT,
  SESSION,
  SK,
  startFakeVendors,
  TOKEN,
} from '../../tasks/test/support/fake-vendors.js';
import { ESC, run } from './support/run.js';

let fake: FakeVendors;
beforeAll(async () => {
  fake = await startFakeVendors({ tasksPerVendor: 6 });
});
afterAll(() => fake.close());

describe('backup-tasks show', () => {
  it('prints every field and the raw object; --json is a valid BackupTask', async () => {
    const text = await run(['show', 'huaweicloud-vbs', 'vbs-00000002'], fake.env());
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^vendor +huaweicloud-vbs$/m);
    expect(text.stdout).toMatch(/^status +failed \(EXECUTE_FAIL\)$/m);
    expect(text.stdout).toMatch(/^error +VolumeBackup\.0051: volume of this pod does not support backup$/m);
    expect(text.stdout).toContain('"fail_reason": "VolumeBackup.0051#volume of this pod does not support backup"');
    const json = await run(['show', 'zstack', '00000000000000000000000002000001', '--json'], fake.env());
    expect(json.code).toBe(0);
    const task = JSON.parse(json.stdout);
    expect(validateTask(task)).toBe(true);
    expect(task).toMatchObject({
      vendor: 'zstack',
      kind: 'cdp-task',
      status: 'running',
      vendorStatus: 'DataMerging',
      created: '2026-11-30T11:59:00.000Z',
    });
  });

  it('a task the vendor does not have: one line, exit 1', async () => {
    const result = await run(['show', 'huaweicloud-cbr', 'no-such-log'], fake.env());
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'backup-tasks: huaweicloud-cbr has no task no-such-log.\n',
    });
  });
});

describe('backup-tasks watch', () => {
  it.each([
    ['huaweicloud-cbr', 'cbr-succeeds', 0, /✓ huaweicloud-cbr cbr-succeeds succeeded \(success\)/],
    [
      'huaweicloud-cbr',
      'cbr-fails',
      1,
      /✗ huaweicloud-cbr cbr-fails failed \(failed\): BackupService\.6014 The backup failed\./,
    ],
    ['huaweicloud-cbr', 'cbr-skipped', 1, /✗ .* skipped \(skipped\)/],
    ['huaweicloud-vbs', 'vbs-succeeds', 0, /✓ .* succeeded \(EXECUTE_SUCCESS\)/],
    ['huaweicloud-vbs', 'vbs-fails', 1, /✗ .* failed \(EXECUTE_FAIL\): VolumeBackup\.0051/],
    ['zstack', 'cdp-protects', 0, /✓ zstack cdp-protects running \(Running\)/],
    ['zstack', 'cdp-fails', 1, /✗ zstack cdp-fails failed \(Failed\)/],
    ['zstack', 'cdp-stopped-then-enabled', 0, /✓ zstack cdp-stopped-then-enabled running \(Running\)/],
  ])('%s %s: exit %i', async (vendor, id, code, last) => {
    const result = await run(['watch', vendor, id, '--interval', '0.05'], fake.env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(code);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(last);
    // Not a terminal: plain lines, one per change.
    expect(lines.length).toBeGreaterThan(1);
    expect(result.stdout).not.toContain(ESC);
    expect(result.stdout).not.toContain('\r');
  });

  it('progress and status changes appear as lines', async () => {
    const fresh = await startFakeVendors();
    const result = await run(['watch', 'huaweicloud-cbr', 'cbr-succeeds', '--interval', '0.05'], fresh.env());
    await fresh.close();
    const states = result.stdout
      .trimEnd()
      .split('\n')
      .slice(0, -1)
      .map((line) => line.replace(/^\S+ \S+ {2}/, ''));
    expect(states).toEqual([
      'queued  0%  (waiting)',
      'running  30%  (running)',
      'running  70%  (running)',
      'succeeded  100%  (success)',
    ]);
  });

  it('--timeout: exit 124 with the last status', async () => {
    const result = await run(
      ['watch', 'huaweicloud-cbr', 'cbr-stalls', '--interval', '0.05', '--timeout', '0.4'],
      fake.env(),
    );
    expect(result.code).toBe(124);
    expect(result.stderr).toBe('backup-tasks: huaweicloud-cbr cbr-stalls: gave up after 0.4 s (status running).\n');
  });
});

describe('backup-tasks vendors', () => {
  it('says what is configured, where it points, and that it answers; no secret', async () => {
    const result = await run(['vendors', '--json'], fake.env());
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout);
    expect(rows).toEqual([
      expect.objectContaining({
        vendor: 'zstack',
        configured: true,
        endpoint: fake.zstackUrl,
        auth: 'session',
        answers: true,
      }),
      expect.objectContaining({
        vendor: 'huaweicloud-cbr',
        configured: true,
        endpoint: fake.cbrEndpoint,
        auth: 'token',
        answers: true,
      }),
      expect.objectContaining({
        vendor: 'huaweicloud-vbs',
        configured: true,
        endpoint: fake.vbsEndpoint,
        auth: 'token',
        answers: true,
      }),
    ]);
    for (const secret of [SESSION, TOKEN]) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('a vendor that does not answer: exit 1; a vendor not configured says what to set', async () => {
    const env = fake.env({ HUAWEICLOUD_TOKEN: 'wrong-token' });
    delete (env as Record<string, string | undefined>).HUAWEICLOUD_VBS_POLICY_ID;
    const result = await run(['vendors'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^zstack +http:\/\/127\.0\.0\.1:\d+\/zstack +session +answers \(\d+ ms\)$/m);
    expect(result.stdout).toMatch(/^huaweicloud-cbr .* token +does not answer: .*APIGW\.0301.*credentials rejected/m);
    expect(result.stdout).toMatch(/^huaweicloud-vbs +- +- +not configured \(set HUAWEICLOUD_VBS_POLICY_ID/m);
  });
});

describe('help and version', () => {
  it('--help lists the commands and the configuration; --version prints the package version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['list', 'show', 'watch', 'vendors'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(help.stdout).toContain('HUAWEICLOUD_SDK_AK');
    const version = await run(['--version']);
    expect(version).toMatchObject({
      code: 0,
      stdout: `${(await import('../package.json', { with: { type: 'json' } })).default.version}\n`,
    });
  });
});

describe('bad input', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['list', '--colour'], /unknown option '--colour'/],
    [['list', '--vendor', 'aws'], /"aws" is not a vendor \(one of zstack, huaweicloud-cbr, huaweicloud-vbs\)/],
    [
      ['show', 'aws', 'x'],
      /value 'aws' is invalid for argument 'vendor'\. Allowed choices are zstack, huaweicloud-cbr, huaweicloud-vbs/,
    ],
    [['list', '--status', 'done'], /"done" is not a status/],
    [['list', '--since', 'last week'], /neither a duration \(30m, 24h, 7d\) nor an ISO date/],
    [['list', '--limit', '0'], /--limit must be a whole number from 1/],
    [['watch', 'zstack'], /missing required argument 'id'/],
    [['watch', 'zstack', 'x', '--interval', 'soon'], /--interval must be a number of seconds/],
  ])('%j: usage on stderr, exit 2', async (args, message) => {
    const result = await run(args, fake.env());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('backup-tasks --help');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([
    [{ ZSTACK_URL: 'http://127.0.0.1:1/zstack' }, /zstack: a URL is set but no credentials: set ZSTACK_SESSION_UUID/],
    [{ ZSTACK_PASSWORD: 'hunter2-secret' }, /zstack: ZSTACK_PASSWORD is set but no URL: set ZSTACK_URL/],
    [
      { ZSTACK_TIME_ZONE: 'Asia/Shanghai' },
      /zstack: ZSTACK_TIME_ZONE \(--zstack-time-zone\) is set but no URL: set ZSTACK_URL/,
    ],
    [
      { ZSTACK_URL: 'zstack.example:8080', ZSTACK_SESSION_UUID: 'c0ffee00c0ffee00c0ffee00c0ffee00' },
      /^backup-tasks: zstack: ZSTACK_URL \(--zstack-url\) must be an absolute http\(s\) URL/,
    ],
    [
      { HUAWEICLOUD_SDK_AK: 'AKEXAMPLE', HUAWEICLOUD_SDK_SK: 'sk-secret-123' },
      /huaweicloud: no project: set HUAWEICLOUD_SDK_PROJECT_ID/,
    ],
    [
      { HUAWEICLOUD_TOKEN: 't0ken-secret', HUAWEICLOUD_SDK_PROJECT_ID: PROJECT },
      /huaweicloud: no region: set HUAWEICLOUD_SDK_REGION/,
    ],
    [
      { HUAWEICLOUD_TOKEN: 't0ken-secret', HUAWEICLOUD_SDK_PROJECT_ID: 'ABC', HUAWEICLOUD_SDK_REGION: 'cn-north-4' },
      /^backup-tasks: huaweicloud-cbr: HUAWEICLOUD_SDK_PROJECT_ID \(--project-id\) is not 32 hexadecimal characters/,
    ],
    [
      { ZSTACK_URL: 'http://127.0.0.1:1/zstack', ZSTACK_SESSION_UUID: SESSION, ZSTACK_TIME_ZONE: 'Mars/Olympus' },
      /not an IANA time zone/,
    ],
  ])('incomplete or invalid configuration %j: one line naming what to set, exit 2', async (env, message) => {
    const result = await run(['list'], env);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(result.stderr).not.toMatch(/baseUrl|projectId|timeZone/); // the client's option names
    for (const secret of ['hunter2-secret', 'sk-secret-123', 't0ken-secret'])
      expect(result.stderr).not.toContain(secret);
  });

  it('a vendor asked for but not configured: exit 2', async () => {
    const result = await run(['show', 'huaweicloud-vbs', 'x'], {
      ZSTACK_URL: fake.zstackUrl,
      ZSTACK_SESSION_UUID: SESSION,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/huaweicloud-vbs is not configured: set HUAWEICLOUD_SDK_PROJECT_ID/);
  });
});

describe('configuration', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'backup-tasks-profiles-'));
  const file = path.join(dir, 'config.json');

  it('reads named profiles from the config file; flags and environment override it field by field', async () => {
    writeFileSync(
      file,
      JSON.stringify({
        defaultProfile: 'lab',
        profiles: {
          lab: { zstack: { url: fake.zstackUrl, sessionUuid: SESSION, timeZone: 'UTC' } },
          cloud: {
            huaweicloud: {
              token: TOKEN,
              projectId: PROJECT,
              cbrEndpoint: fake.cbrEndpoint,
              vbsEndpoint: fake.vbsEndpoint,
              vbsPolicyIds: [POLICY],
            },
          },
        },
      }),
    );
    const vendorsOf = (stdout: string) =>
      new Set(
        stdout
          .trimEnd()
          .split('\n')
          .map((line) => (JSON.parse(line) as { vendor: string }).vendor),
      );
    const lab = await run(['list', '--ndjson', '--config', file], {});
    expect(lab.code).toBe(0);
    expect(vendorsOf(lab.stdout)).toEqual(new Set(['zstack']));
    const cloud = await run(['list', '--ndjson', '--profile', 'cloud'], { BACKUP_TASKS_CONFIG: file });
    expect(cloud.code).toBe(0);
    expect(vendorsOf(cloud.stdout)).toEqual(new Set(['huaweicloud-cbr', 'huaweicloud-vbs']));
    // The environment wins over the profile: a wrong session from the environment is used (and rejected).
    const overridden = await run(['list', '--config', file], {
      ZSTACK_SESSION_UUID: 'ffffffffffffffffffffffffffffffff',
    });
    expect(overridden.code).toBe(1);
    expect(overridden.stderr).toMatch(/ID\.1001/);
    expect(overridden.stderr).not.toContain('ffffffffffffffffffffffffffffffff');
  });

  it('the default place is $XDG_CONFIG_HOME/backup-tasks/config.json', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'backup-tasks-xdg-'));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(home, 'backup-tasks'));
    writeFileSync(
      path.join(home, 'backup-tasks', 'config.json'),
      JSON.stringify({ profiles: { default: { zstack: { url: fake.zstackUrl, sessionUuid: SESSION } } } }),
    );
    const result = await run(['vendors', '--json'], { XDG_CONFIG_HOME: home });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ vendor: 'zstack', configured: true, answers: true });
  });

  it.each([
    ['not json', '{"profiles": ', /is not valid JSON/],
    [
      'an unknown setting',
      JSON.stringify({ profiles: { default: { zstack: { uri: 'x' } } } }),
      /profiles\.default\.zstack\.uri is not a setting \(known: url, sessionUuid/,
    ],
    [
      'an unknown vendor section',
      JSON.stringify({ profiles: { default: { aws: {} } } }),
      /profiles\.default\.aws is not a vendor section/,
    ],
    [
      'a wrong type',
      JSON.stringify({ profiles: { default: { huaweicloud: { vbsPolicyIds: 'p' } } } }),
      /vbsPolicyIds must be a list of ids/,
    ],
  ])('a config file with %s: one line naming the file and the problem, exit 2', async (_what, text, message) => {
    writeFileSync(file, text);
    const result = await run(['list', '--config', file], {});
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(result.stderr).toContain(file);
  });

  it('an unknown profile or a missing explicit file: exit 2', async () => {
    writeFileSync(file, JSON.stringify({ profiles: { lab: {} } }));
    expect((await run(['list', '--config', file, '--profile', 'prod'], {})).stderr).toMatch(
      /has no profile "prod" \(profiles: lab\)/,
    );
    const missing = await run(['list', '--config', path.join(dir, 'nope.json')], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read the config file .*nope\.json \(ENOENT\)/);
  });
});

describe('Huawei AK/SK', () => {
  it('signs every CBR and VBS request with the AK/SK from the SDK environment variables; the SK is never printed', async () => {
    const env = fake.env({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK });
    delete (env as Record<string, string | undefined>).HUAWEICLOUD_TOKEN;
    const result = await run(['list', '--ndjson', '--vendor', 'huaweicloud-cbr,huaweicloud-vbs', '--debug'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(12);
    expect(result.stdout + result.stderr).not.toContain(SK);
    const vendors = await run(['vendors', '--json'], env);
    expect(JSON.parse(vendors.stdout)[1]).toMatchObject({ vendor: 'huaweicloud-cbr', auth: 'AK/SK', answers: true });
  });
});

describe('nothing configured', () => {
  it('runs against the built-in mocks and says so on stderr', async () => {
    const result = await run(['list', '--json'], {});
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'backup-tasks: no vendor configured: using the built-in mocks (example data). See `backup-tasks --help` to configure.\n',
    );
    const tasks = JSON.parse(result.stdout) as { vendor: string; status: string }[];
    expect(new Set(tasks.map((task) => task.vendor))).toEqual(new Set(TASK_VENDORS));
    for (const task of tasks) expect(validateTask(task)).toBe(true);
    // Something in every state a vendor has, so that the README's `--status failed` shows something.
    for (const status of ['queued', 'running', 'succeeded', 'failed', 'timed-out']) {
      expect(tasks.map((task) => task.status)).toContain(status);
    }
  });

  it('every task the mocks list can be shown by its id', async () => {
    const listed = JSON.parse((await run(['list', '--json'], {})).stdout) as { vendor: string; id: string }[];
    const shown = await Promise.all(listed.map((task) => run(['show', task.vendor, task.id, '--json'], {})));
    for (const [index, result] of shown.entries()) {
      const { vendor, id } = listed[index] as { vendor: string; id: string };
      expect(result.code, `${vendor} ${id}`).toBe(0);
      // The same task, as listed: name, status and times (the vendor object may have more fields).
      const { raw: _listedRaw, ...asListed } = listed[index] as Record<string, unknown>;
      const { raw: _shownRaw, ...asShown } = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(asShown).toEqual(asListed);
    }
  });
});

describe('secrets never appear in any output', () => {
  it('not in tables, JSON raw objects, NDJSON, show, or debug lines, even when a server echoes them', async () => {
    const hostile = await startFakeVendors({ tasksPerVendor: 3, nameSuffix: ` ${TOKEN} ${SESSION}` });
    try {
      const outputs = await Promise.all([
        run(['list'], hostile.env()),
        run(['list', '--json', '--debug'], hostile.env()),
        run(['list', '--ndjson', '--debug'], hostile.env()),
        run(['show', 'huaweicloud-cbr', 'cbr-00000001', '--json'], hostile.env()),
        run(['vendors', '--debug'], hostile.env()),
      ]);
      for (const { code, stdout, stderr } of outputs) {
        expect(code).toBe(0);
        expect(stdout + stderr).not.toContain(TOKEN);
        expect(stdout + stderr).not.toContain(SESSION);
      }
      expect(outputs[0]?.stdout).toContain('manualbk_1 *** ***');
      expect(outputs[1]?.stderr).toMatch(
        /^debug: GET http:\/\/127\.0\.0\.1:\d+\/cbr\/v3\/.*\/operation-logs\?.* -> 200 \(\d+ ms\)$/m,
      );
    } finally {
      await hostile.close();
    }
  });
});
