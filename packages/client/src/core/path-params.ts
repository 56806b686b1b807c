// openapi-fetch inserts path parameters as given (openapi-fetch#2483): an id of "..", "." or one with a
// "/" would silently address another resource. Refuse them before anything is sent.
import { defaultPathSerializer } from 'openapi-fetch';
import { ConfigurationError } from './errors.js';

export function assertSafePathParam(name: string, value: unknown): void {
  if (value === undefined)
    throw new ConfigurationError(`Path parameter "${name}" is missing: pass params.path.${name}.`);
  const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
  if (typeof text !== 'string') {
    throw new ConfigurationError(
      `Path parameter "${name}" must be a string, got ${value === null ? 'null' : typeof value}.`,
    );
  }
  if (text.trim() === '') throw new ConfigurationError(`Path parameter "${name}" is empty: pass the id to look up.`);
  if (text === '.' || text === '..') {
    throw new ConfigurationError(`Path parameter "${name}" is "${text}", which would change the path.`);
  }
  if (/[/\\?#]/.test(text) || /%2f|%5c|%3f|%23/i.test(text)) {
    throw new ConfigurationError(
      `Path parameter "${name}" contains "/", "\\", "?" or "#" (raw or percent-encoded): pass one id.`,
    );
  }
  if (/\p{Cs}/u.test(text)) {
    throw new ConfigurationError(`Path parameter "${name}" is not well-formed Unicode (lone surrogate).`);
  }
  const hasControlCharacter = [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
  if (hasControlCharacter) throw new ConfigurationError(`Path parameter "${name}" contains control characters.`);
}

/** A drop-in for openapi-fetch's path serializer that validates every path parameter first. */
export function safePathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  for (const name of pathname.match(/\{([^}]+)\}/g) ?? []) {
    const key = name.slice(1, -1);
    assertSafePathParam(key, pathParams[key]);
  }
  return defaultPathSerializer(pathname, pathParams);
}
