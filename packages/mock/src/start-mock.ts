// Programmatic API: one Prism mock of one vendor, on a free port unless one is given.
import { ensureDerived } from './documents.js';
import { freePort, type LogLevel, PortInUseError, startPrism } from './prism.js';
import { MockError, parseVendor, type Vendor } from './vendors.js';

export interface StartMockOptions {
  vendor: Vendor;
  /** Port on 127.0.0.1; a free one when omitted (or 0). A taken port fails with PortInUseError. */
  port?: number;
  /** Generate bodies from the schemas (json-schema-faker) instead of answering with the examples. */
  dynamic?: boolean;
  /** Makes dynamic bodies repeatable. Needs `dynamic`. */
  seed?: string;
  /** Prism's log level; default `silent` here (tests), `warn` in the CLI. */
  logLevel?: LogLevel;
  /** Receives each line Prism prints. */
  onOutput?: (line: string) => void;
}

export interface RunningMock {
  vendor: Vendor;
  /** Base URL a client is configured with: origin plus the vendor's base path (`http://127.0.0.1:4010/zstack`). */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  pid: number;
  /** Resolves when the Prism process exits (for whatever reason). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function validatePort(port: number, what = 'port'): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new MockError(`Invalid ${what} ${String(port)}: expected an integer from 1 to 65535 (0 = any free port).`);
  }
  return port;
}

export async function startMock(options: StartMockOptions): Promise<RunningMock> {
  const vendor = parseVendor(options.vendor);
  if (options.seed !== undefined && !options.dynamic) {
    throw new MockError('A seed only applies to dynamic mode: pass dynamic: true (CLI: --dynamic) with the seed.');
  }
  const requested = validatePort(options.port ?? 0);
  const { file: document, basePath } = await ensureDerived(vendor);

  // A free port can be taken between the check and Prism's bind: retry a chosen port, never a given one.
  for (let attempt = 1; ; attempt += 1) {
    const port = requested || (await freePort());
    try {
      const prism = await startPrism({
        mode: 'mock',
        document,
        port,
        label: vendor,
        dynamic: options.dynamic ?? false,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        logLevel: options.logLevel ?? 'silent',
        ...(options.onOutput ? { onOutput: options.onOutput } : {}),
      });
      return {
        vendor,
        url: `${prism.origin}${basePath}`,
        origin: prism.origin,
        port,
        pid: prism.pid,
        exited: prism.exited,
        stop: prism.stop,
      };
    } catch (error) {
      if (!(error instanceof PortInUseError) || requested || attempt >= 3) throw error;
    }
  }
}
