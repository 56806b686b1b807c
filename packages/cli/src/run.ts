// One run of `backup-tasks`: its output, the signal that ends it early (Ctrl-C, or stdout's reader gone),
// the vendors it talks to, and what it must undo however it ends (sessions it logged in to).
import type { TaskVendor } from '@backup-specs/tasks';
import { ConfigError, type ConfigFlags, isUnconfigured, resolveSettings, secretsOf } from './config.js';
import { Output, type Streams } from './output.js';
import { type ConfiguredVendor, configuredVendors, mockVendors, type VendorSetup } from './vendors.js';

export interface GlobalOptions extends ConfigFlags {
  mock?: boolean;
  debug?: boolean;
  requestTimeout: number;
}

/** Thrown by commands that printed their own message, to end with an exit code. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

// How long the sessions opened by this run may take to close when it ends.
const LOGOUT_WAIT_MS = 5_000;

/**
 * A controller that `sources` abort (with their reason), through listeners: a strong link, unlike
 * AbortSignal.any's, which the garbage collector may undo on Node 20 while a request stalls.
 */
export function follow(...sources: AbortSignal[]): AbortController {
  const controller = new AbortController();
  for (const source of sources) {
    if (source.aborted) controller.abort(source.reason);
    else source.addEventListener('abort', () => controller.abort(source.reason), { once: true });
  }
  return controller;
}

export class Run {
  readonly output: Output;
  readonly #interrupt = new AbortController();
  /** Aborted by Ctrl-C ("interrupted") or when stdout's reader has gone. */
  readonly signal: AbortSignal;
  readonly #logouts: (() => Promise<void>)[] = [];

  constructor(readonly streams: Streams) {
    this.output = new Output(streams);
    this.signal = follow(this.#interrupt.signal, this.output.closed).signal;
  }

  interrupt(): void {
    this.#interrupt.abort('interrupted');
  }

  get interrupted(): boolean {
    return this.#interrupt.signal.aborted;
  }

  /** Every vendor setup: the configured vendors (or the built-in mocks when nothing is configured). */
  async setup(options: GlobalOptions): Promise<VendorSetup> {
    const { output } = this;
    const log = options.debug ? (line: string) => output.err(`debug: ${line}`) : undefined;
    const settings = resolveSettings(options, this.streams.env);
    output.addSecrets(secretsOf(settings));
    if (options.mock || isUnconfigured(settings)) {
      output.err(
        options.mock
          ? 'backup-tasks: --mock: using the built-in mocks (example data), not your vendors.'
          : 'backup-tasks: no vendor configured: using the built-in mocks (example data). See `backup-tasks --help` to configure.',
      );
      return { configured: await mockVendors(log), missing: [], invalid: [], mock: true };
    }
    const setup = configuredVendors(settings, {
      log,
      requestTimeoutS: options.requestTimeout,
      onSession: (uuid) => output.addSecrets([uuid]),
    });
    if (settings.file) log?.(`profile "${settings.profile}" of ${settings.file}`);
    for (const vendor of setup.configured) if (vendor.logout) this.#logouts.push(vendor.logout);
    return setup;
  }

  /** The vendors `wanted` (all configured ones when none is named); a bad or missing one is a ConfigError. */
  async vendors(options: GlobalOptions, wanted: readonly TaskVendor[]): Promise<ConfiguredVendor[]> {
    const { configured, missing, invalid } = await this.setup(options);
    const named = (vendor: TaskVendor) => wanted.length === 0 || wanted.includes(vendor);
    const broken = invalid.find((each) => named(each.vendor));
    if (broken) throw broken.error;
    for (const vendor of wanted) {
      if (!configured.some((each) => each.vendor === vendor)) {
        const hint = missing.find((each) => each.vendor === vendor)?.hint;
        throw new ConfigError(`${vendor} is not configured${hint ? `: ${hint}` : ''}.`);
      }
    }
    return configured.filter((each) => named(each.vendor));
  }

  /** Closes the sessions this run logged in to (best effort, bounded: the run is ending anyway). */
  async finish(): Promise<void> {
    const logouts = this.#logouts.splice(0).map((logout) => logout().catch(() => undefined));
    if (logouts.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, LOGOUT_WAIT_MS);
    });
    await Promise.race([Promise.all(logouts), late]);
    clearTimeout(timer);
  }
}
