// A Response whose body the transport has already read, within the attempt's timeout. Reading it there
// lets a stalled or cut-off body fail (and be retried) as a NetworkError, and releases the attempt's
// timer as soon as the reply is complete. json() turns an empty or malformed body into an
// UnexpectedResponseError that names the endpoint and quotes the start of the body, secrets removed.
import { SECRET_HEADERS, UnexpectedResponseError } from './errors.js';

const decoder = new TextDecoder();
const EXCERPT = 200;

export type Scrub = (text: string) => string;

/** A Scrub that replaces each of `secrets` (a live set: secrets learnt later count too) with `***`. */
export function scrubberOf(secrets: Iterable<string>): Scrub {
  return (text) => {
    for (const secret of secrets) if (secret) text = text.split(secret).join('***');
    return text;
  };
}

/**
 * A failed reply with every secret removed from its body and header values: servers echo credentials in
 * error bodies (`{"error_msg": "invalid token <token>"}`), which would otherwise reach the error's
 * message, body, stack and JSON.
 */
export async function scrubbedReply(response: Response, secrets: Scrub, request: Request): Promise<Response> {
  const sent = scrubberOf(secretHeaderValues(request));
  const scrub = (text: string) => sent(secrets(text));
  const text = await response.clone().text();
  const clean = scrub(text);
  let changed = clean !== text;
  const headers = new Headers();
  for (const [name, value] of response.headers) {
    const scrubbed = scrub(value);
    changed ||= scrubbed !== value;
    headers.append(name, scrubbed);
  }
  if (!changed) return response;
  headers.delete('content-length');
  return new Response(clean, { status: response.status, statusText: response.statusText, headers });
}

/** An UnexpectedResponseError for a successful reply the client cannot use (`problem` completes "... but "). */
export function unexpectedReply(response: Response, problem: string): UnexpectedResponseError {
  if (response instanceof BufferedResponse) return response.unexpected(problem);
  return new UnexpectedResponseError(problem, {
    request: { method: 'request', url: response.url },
    status: response.status,
    contentType: response.headers.get('content-type'),
    excerpt: '',
  });
}

/** The credentials a request carries in its headers: each value, and its token when it is `<scheme> <token>`. */
function secretHeaderValues(request: Request): string[] {
  const values: string[] = [];
  for (const name of SECRET_HEADERS) {
    const value = request.headers.get(name);
    if (value) values.push(value, value.split(' ').pop() ?? '');
  }
  return values.filter((secret) => secret.length >= 8);
}

export class BufferedResponse extends Response {
  readonly #bytes: Uint8Array;
  readonly #headers: Headers;
  readonly #url: string;
  readonly #redirected: boolean;
  readonly #request: Request;
  readonly #scrub: Scrub | undefined;
  #used = false;

  constructor(bytes: Uint8Array, from: Response, request: Request, scrub?: Scrub, redirected = false) {
    super(null, { status: from.status, statusText: from.statusText });
    this.#bytes = bytes;
    this.#url = from.url || request.url;
    this.#redirected = redirected || from.redirected;
    this.#request = request;
    this.#scrub = scrub;
    // openapi-fetch reads a body without Content-Length as text and parses it itself: give every buffered
    // reply its real length so that json() below (with its clear errors) is what parses it.
    let headers = from.headers;
    if (headers.get('content-length') !== String(bytes.byteLength)) {
      headers = new Headers(headers);
      headers.delete('transfer-encoding');
      headers.set('content-length', String(bytes.byteLength));
    }
    this.#headers = headers;
  }

  override get headers(): Headers {
    return this.#headers;
  }
  override get url(): string {
    return this.#url;
  }
  override get redirected(): boolean {
    return this.#redirected;
  }
  override get bodyUsed(): boolean {
    return this.#used;
  }
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#bytes.byteLength === 0) return null;
    const bytes = this.#take();
    return new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
  }

  #take(): Uint8Array<ArrayBuffer> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes as Uint8Array<ArrayBuffer>;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take().slice().buffer;
  }
  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#take().slice();
  }
  // (Rarely read forms of a JSON reply: a plain Response over the same bytes does the work.)
  override async blob(): Promise<Blob> {
    return new Response(this.#take(), { headers: this.#headers }).blob();
  }
  override async formData(): Promise<FormData> {
    return new Response(this.#take(), { headers: this.#headers }).formData();
  }
  override async text(): Promise<string> {
    return decoder.decode(this.#take());
  }
  override async json(): Promise<unknown> {
    const text = await this.text();
    if (text.trim() === '') throw this.unexpected('the body is empty where the API always sends JSON', '');
    try {
      return JSON.parse(text);
    } catch {
      // (Not the SyntaxError's message: V8 quotes the input there, unscrubbed.)
      throw this.unexpected('the body is not JSON', text);
    }
  }
  override clone(): BufferedResponse {
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    const copy = new BufferedResponse(this.#bytes, this, this.#request, this.#scrub, this.#redirected);
    return copy;
  }

  /** An UnexpectedResponseError for this reply; `text` is the body (only its start is kept, secrets removed). */
  unexpected(problem: string, text: string = decoder.decode(this.#bytes)): UnexpectedResponseError {
    let excerpt = scrubberOf(secretHeaderValues(this.#request))(text.slice(0, EXCERPT * 4));
    if (this.#scrub) excerpt = this.#scrub(excerpt);
    excerpt = excerpt.replace(/\s+/g, ' ').trim();
    return new UnexpectedResponseError(problem, {
      request: this.#request,
      status: this.status,
      contentType: this.#headers.get('content-type'),
      excerpt: excerpt.length > EXCERPT ? `${excerpt.slice(0, EXCERPT)}...` : excerpt,
    });
  }
}
