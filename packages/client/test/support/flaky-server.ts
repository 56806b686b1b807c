// A local node:http server on 127.0.0.1 for fault-injection tests: each request is answered by a
// scripted fault (dropped connection, delay, status with headers) or by the test's handler.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'drop' } // destroy the socket before any reply
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'delay'; ms: number } // then answer with the handler
  | { kind: 'pass' } // answer with the handler
  // Headers announcing the whole body, then only its first `sent` bytes, then the socket is destroyed.
  | { kind: 'truncate'; status?: number; headers?: Record<string, string>; body: string; sent: number }
  // Headers and the first `sent` bytes of the body, then nothing more (the connection stays open).
  | { kind: 'stall'; status?: number; headers?: Record<string, string>; body: string; sent: number };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ReplyInit {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type Handler = (request: RecordedRequest) => ReplyInit | Promise<ReplyInit>;

export interface FlakyServer {
  url: string;
  requests: RecordedRequest[];
  /** Faults consumed in order, one per request; when empty, requests go to the handler. */
  faults: Fault[];
  close(): Promise<void>;
}

export async function startFlakyServer(handler: Handler, faults: Fault[] = []): Promise<FlakyServer> {
  const requests: RecordedRequest[] = [];
  const state = { faults };
  const reply = async (res: ServerResponse, recorded: RecordedRequest) => {
    const init = await handler(recorded);
    const body = typeof init.body === 'string' ? init.body : init.body === undefined ? '' : JSON.stringify(init.body);
    const contentType = typeof init.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
    res.writeHead(init.status ?? 200, { 'content-type': contentType, ...init.headers });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const fault = state.faults.shift() ?? { kind: 'pass' };
      try {
        switch (fault.kind) {
          case 'drop':
            req.socket.destroy();
            return;
          case 'status':
            res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
            res.end(fault.body ?? '');
            return;
          case 'delay':
            await new Promise((resolve) => setTimeout(resolve, fault.ms));
            if (res.destroyed || req.socket.destroyed) return;
            await reply(res, recorded);
            return;
          case 'pass':
            await reply(res, recorded);
            return;
          case 'truncate':
          case 'stall':
            res.writeHead(fault.status ?? 200, {
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(fault.body)),
              ...fault.headers,
            });
            res.write(fault.body.slice(0, fault.sent));
            if (fault.kind === 'truncate') setTimeout(() => req.socket.destroy(), 10);
            return;
        }
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get faults() {
      return state.faults;
    },
    set faults(next: Fault[]) {
      state.faults = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
