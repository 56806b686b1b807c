import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { safePathSerializer } from '../../src/core/path-params.js';

describe('safePathSerializer', () => {
  it('fills valid path parameters like openapi-fetch does', () => {
    expect(safePathSerializer('/v1/cdp-task/{uuid}', { uuid: 'a1b2' })).toBe('/v1/cdp-task/a1b2');
  });

  it.each([
    ['', 'is empty'],
    ['  ', 'is empty'],
    ['.', 'would change the path'],
    ['..', 'would change the path'],
    ['a/b', 'contains "/"'],
    ['..%2Fadmin', 'contains "/"'],
    ['a?x=1', 'contains "/"'],
    [undefined, 'is missing'],
  ])('refuses %j (%s)', (value, message) => {
    const call = () => safePathSerializer('/v1/cdp-task/{uuid}', { uuid: value });
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(message);
  });
});
