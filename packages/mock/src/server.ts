// A node:http front on a mock engine, bound to 127.0.0.1: what `pnpm mock`, `startMock()` and the contract
// proxy listen with. One process serves every vendor; nothing is spawned. CORS is answered the way Prism's
// own server does, so browser-based tools work against it.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { MockEngine } from './engine.js';
import { MockError } from './vendors.js';

export const HOST = '127.0.0.1';
/** Request bodies above this are refused (413): the APIs take small JSON bodies. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class PortInUseError extends MockError {
  override name = 'PortInUseError';
  constructor(
    readonly port: number,
    label: string,
  ) {
    super(`Port ${port} on ${HOST} is already in use (${label}); stop what is listening there or pick another port.`);
  }
}

/** Fails with PortInUseError when something already listens on the port. */
export function assertPortFree(port: number, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new PortInUseError(port, label));
      else reject(new MockError(`Cannot listen on ${HOST}:${port} (${label}): ${error.message}`));
    });
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** A port the OS says is free right now (it may be taken before it is used; callers retry). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen({ port: 0, host: HOST }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ListeningServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Stops listening and closes every connection; safe to call more than once. */
  close(): Promise<void>;
}

function corsHeaders(request: IncomingMessage, response: ServerResponse): void {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  response.setHeader('Access-Control-Allow-Origin', header('origin') || '*');
  response.setHeader('Access-Control-Allow-Headers', header('access-control-request-headers') || '*');
  response.setHeader('Access-Control-Allow-Credentials', 'true');
  response.setHeader('Access-Control-Expose-Headers', header('access-control-expose-headers') || '*');
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new MockError(`request body over ${MAX_BODY_BYTES} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length > 0 ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });
}

async function answer(engine: MockEngine, request: IncomingMessage, response: ServerResponse): Promise<void> {
  corsHeaders(request, response);
  if (request.method === 'OPTIONS' && request.headers.origin && request.headers['access-control-request-method']) {
    response.setHeader('Access-Control-Allow-Methods', request.headers['access-control-request-method']);
    response.setHeader('Vary', 'origin');
    response.writeHead(204, { 'Content-Length': '0' }).end();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = request.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
  const reply = await engine.handle(
    new Request(`http://${HOST}${request.url ?? '/'}`, {
      method,
      headers,
      ...(body ? { body: new Uint8Array(body) } : {}),
    }),
  );
  const text = reply.body ? Buffer.from(await reply.arrayBuffer()) : undefined;
  reply.headers.forEach((value, name) => {
    response.setHeader(name, value);
  });
  if (text) response.setHeader('Content-Length', String(text.length));
  response.writeHead(reply.status).end(text);
}

/** Serves the engine on 127.0.0.1:<port>; a taken port rejects with PortInUseError naming `label`. */
export function listen(engine: MockEngine, port: number, label: string): Promise<ListeningServer> {
  const server = createHttpServer((request, response) => {
    answer(engine, request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(`${message}\n`);
      } else response.destroy();
    });
  });
  // Keep-alive sockets must not keep a stopped mock (or the process) alive.
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(port, label)
          : new MockError(`Cannot listen on ${HOST}:${port} (${label}): ${error.message}`),
      );
    });
    server.listen({ port, host: HOST, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      let closing: Promise<void> | undefined;
      resolve({
        origin: `http://${HOST}:${bound}`,
        port: bound,
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}
