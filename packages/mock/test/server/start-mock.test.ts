// The programmatic API: startMock() on a free port, stop(), dynamic mode with a seed, clear errors.
import { afterEach, describe, expect, it } from 'vitest';
import { PortInUseError } from '../../src/server.js';
import { type RunningMock, startMock } from '../../src/start-mock.js';
import { createResponseValidator } from '../../src/validate.js';
import { VENDORS, type Vendor } from '../../src/vendors.js';
import { childrenOf, freePortRange, occupy, portIsFree } from '../support/processes.js';
import { buildRequest, http, loadSpec } from '../support/requests.js';

const started: RunningMock[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((mock) => mock.stop()));
});

async function start(options: Parameters<typeof startMock>[0]): Promise<RunningMock> {
  const mock = await startMock(options);
  started.push(mock);
  return mock;
}

async function body(
  mock: RunningMock,
  operationId: string,
  vendor: Vendor = mock.vendor,
): Promise<{ status: number; text: string; contentType: string | null }> {
  const spec = await loadSpec(vendor);
  const operation = spec.operations.find((o) => o.operationId === operationId);
  if (!operation) throw new Error(`${operationId} not in ${vendor}`);
  const { url, init } = buildRequest(vendor, mock.url, operation);
  const response = await http(url, init);
  return { status: response.status, text: response.text, contentType: response.headers.get('content-type') };
}

describe('startMock', () => {
  it('serves from this process on a free port, resolves to { url, stop }, and stop() frees the port', async () => {
    const before = childrenOf(process.pid);
    const [a, b] = await Promise.all([start({ vendor: 'zstack' }), start({ vendor: 'zstack' })]);
    if (!a || !b) throw new Error('not started');
    expect(a.port).not.toBe(b.port);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}/zstack`);
    expect((await body(a, 'QueryCbtTask')).status).toBe(200);
    // In process: no child was started for either mock.
    expect(childrenOf(process.pid)).toEqual(before);
    await a.stop();
    await a.stop(); // idempotent
    expect(await portIsFree(a.port)).toBe(true);
    expect((await body(b, 'QueryCbtTask')).status).toBe(200);
  });

  it('uses a given port, and a taken one fails with PortInUseError naming it', async () => {
    const port = await freePortRange(1);
    const mock = await start({ vendor: 'huaweicloud-cbr', port });
    expect(mock.url).toBe(`http://127.0.0.1:${port}`);
    await expect(startMock({ vendor: 'huaweicloud-vbs', port })).rejects.toThrow(
      new PortInUseError(port, 'huaweicloud-vbs').message,
    );
    const other = await freePortRange(1);
    const occupier = await occupy(other);
    try {
      await expect(startMock({ vendor: 'zstack', port: other })).rejects.toBeInstanceOf(PortInUseError);
    } finally {
      await occupier.close();
    }
  });

  it('dynamic ZStack 200 replies never carry success or error (the server writes neither)', async () => {
    const mocks = await Promise.all(['a', 'b', 'c'].map((seed) => start({ vendor: 'zstack', dynamic: true, seed })));
    for (const mock of mocks) {
      if (!mock) throw new Error('not started');
      for (const operationId of ['QueryCbtTask', 'QueryCdpTask', 'QueryDatabaseBackup']) {
        const reply = await body(mock, operationId);
        expect(reply.status).toBe(200);
        const json = JSON.parse(reply.text) as Record<string, unknown>;
        expect(Object.keys(json)).not.toContain('success');
        expect(Object.keys(json)).not.toContain('error');
      }
    }
  });

  it('dynamic mode with a seed is repeatable and invents no undocumented fields', async () => {
    const spec = await loadSpec('huaweicloud-cbr');
    const strict = createResponseValidator(spec.doc, { rejectUndocumented: true });
    const [one, two, other] = await Promise.all([
      start({ vendor: 'huaweicloud-cbr', dynamic: true, seed: 'backup-specs' }),
      start({ vendor: 'huaweicloud-cbr', dynamic: true, seed: 'backup-specs' }),
      start({ vendor: 'huaweicloud-cbr', dynamic: true, seed: 'another seed' }),
    ]);
    if (!one || !two || !other) throw new Error('not started');
    const first = await body(one, 'ListOpLogs');
    const second = await body(two, 'ListOpLogs');
    const third = await body(other, 'ListOpLogs');
    expect(first.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(third.text).not.toBe(first.text);
    // Not one of the static examples: generated from the schema.
    const examples =
      spec.operations.find((o) => o.operationId === 'ListOpLogs')?.responses.find((r) => r.status === '200')?.media[0]
        ?.examples ?? [];
    expect(examples.map((e) => JSON.stringify(e.value))).not.toContain(JSON.stringify(JSON.parse(first.text)));
    for (const reply of [first, third]) {
      expect(
        strict.check({
          method: 'get',
          path: '/v3/{project_id}/operation-logs',
          status: reply.status,
          contentType: reply.contentType,
          body: reply.text,
        }),
      ).toEqual([]);
    }
  });

  it('a missing bundle fails before anything listens, saying how to build it', async () => {
    const previous = process.env.BACKUP_SPECS_BUNDLES_DIR;
    process.env.BACKUP_SPECS_BUNDLES_DIR = '/nonexistent/backup-specs-bundles';
    try {
      await expect(startMock({ vendor: 'zstack' })).rejects.toThrow(/zstack: cannot read .*openapi\.json/);
    } finally {
      if (previous === undefined) delete process.env.BACKUP_SPECS_BUNDLES_DIR;
      else process.env.BACKUP_SPECS_BUNDLES_DIR = previous;
    }
  });

  it('refuses bad options with specific messages before starting anything', async () => {
    await expect(startMock({ vendor: 'nope' as Vendor })).rejects.toThrow(
      `Unknown vendor "nope"; expected one of: ${VENDORS.join(', ')}.`,
    );
    await expect(startMock({ vendor: 'zstack', seed: '1' })).rejects.toThrow(/seed only applies to dynamic mode/);
    await expect(startMock({ vendor: 'zstack', port: 70000 })).rejects.toThrow(
      'Invalid port 70000: expected an integer from 1 to 65535 (0 = any free port).',
    );
  });
});
