// Programmatic API: the mock of one vendor, served over HTTP on 127.0.0.1 from this process (a free port
// unless one is given), and the validating proxy `pnpm contract` puts in front of a real endpoint.
import { serverBasePath } from './derive.js';
import { readBundle } from './documents.js';
import { createMockEngine, type MockEngine, type Rejection } from './engine.js';
import { freePort, type ListeningServer, listen, PortInUseError } from './server.js';
import { MockError, parseVendor, type Vendor } from './vendors.js';

export interface StartMockOptions {
  vendor: Vendor;
  /** Port on 127.0.0.1; a free one when omitted (or 0). A taken port fails with PortInUseError. */
  port?: number;
  /** Generate bodies from the schemas (json-schema-faker) instead of answering with the examples. */
  dynamic?: boolean;
  /** Makes dynamic bodies repeatable. Needs `dynamic`. */
  seed?: string;
  /** Each rejected request as one line (method, path, status, violations; no header or query value). */
  onRejected?: (rejection: Rejection) => void;
}

export interface RunningMock {
  vendor: Vendor;
  /** Base URL a client is configured with: origin plus the vendor's base path (`http://127.0.0.1:4010/zstack`). */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Re-reads the bundle (after `pnpm build`); on failure keeps the last good one and rejects. */
  reload(): Promise<void>;
  /** Stops listening and closes every connection; safe to call more than once. */
  stop(): Promise<void>;
}

function validatePort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new MockError(`Invalid port ${String(port)}: expected an integer from 1 to 65535 (0 = any free port).`);
  }
  return port;
}

/** Listens on the port, or on a free one (retried: a free port can be taken before the bind). */
async function serve(engine: MockEngine, requested: number, label: string): Promise<ListeningServer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await listen(engine, requested || (await freePort()), label);
    } catch (error) {
      if (!(error instanceof PortInUseError) || requested || attempt >= 3) throw error;
    }
  }
}

export async function startMock(options: StartMockOptions): Promise<RunningMock> {
  const vendor = parseVendor(options.vendor);
  if (options.seed !== undefined && !options.dynamic) {
    throw new MockError('A seed only applies to dynamic mode: pass dynamic: true (CLI: --dynamic) with the seed.');
  }
  const requested = validatePort(options.port ?? 0);
  const engine = createMockEngine(vendor, {
    dynamic: options.dynamic ?? false,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.onRejected ? { onRejected: options.onRejected } : {}),
  });
  // Load before listening: a missing or broken bundle fails here, with nothing left listening.
  await engine.ready();
  const basePath = serverBasePath(await readBundle(vendor));
  const server = await serve(engine, requested, vendor);
  return {
    vendor,
    url: `${server.origin}${basePath}`,
    origin: server.origin,
    port: server.port,
    reload: engine.reload,
    stop: server.close,
  };
}

export interface StartProxyOptions {
  vendor: Vendor;
  /** The endpoint the proxy forwards to (the vendor's base URL). */
  upstream: string;
  port?: number;
  onRejected?: (rejection: Rejection) => void;
}

export interface RunningProxy {
  /** `http://127.0.0.1:<port>`: send the vendor's paths here instead of to the upstream. */
  origin: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Prism's validating proxy in this process: a request the spec allows is forwarded to the upstream; a reply
 * that breaks the spec becomes a 500 problem naming the violations (what `prism proxy --errors` does).
 */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const vendor = parseVendor(options.vendor);
  const engine = createMockEngine(vendor, {
    upstream: options.upstream,
    ...(options.onRejected ? { onRejected: options.onRejected } : {}),
  });
  await engine.ready();
  const server = await serve(engine, validatePort(options.port ?? 0), `${vendor} proxy`);
  return { origin: server.origin, port: server.port, stop: server.close };
}
