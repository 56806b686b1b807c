import { describe, expect, it } from 'vitest';
import {
  bundleSchemas,
  closeObjects,
  decodePointer,
  encodePointer,
  type JsonObject,
  listBundleOperations,
  resolve,
} from '../src/index.js';

const doc: JsonObject = {
  paths: { '/v1/a': { get: { responses: { '200': { $ref: '#/components/responses/Ok' } } } } },
  components: {
    responses: { Ok: { description: 'ok' } },
    schemas: {
      Thing: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, parent: { $ref: '#/components/schemas/Thing' } },
      },
      Either: { anyOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'string' }] },
    },
  },
};

describe('JSON pointers and $ref', () => {
  it('round-trips pointer segments', () => {
    expect(encodePointer('/v1/a~b')).toBe('~1v1~1a~0b');
    expect(decodePointer(encodePointer('/v1/a~b'))).toBe('/v1/a~b');
  });

  it('follows references and reports where it ended', () => {
    const at = '/paths/~1v1~1a/get/responses/200';
    const { node, pointer } = resolve(doc, { $ref: '#/components/responses/Ok' }, at);
    expect(node).toEqual({ description: 'ok' });
    expect(pointer).toBe('/components/responses/Ok');
  });

  it('names what it cannot resolve', () => {
    expect(() => resolve(doc, { $ref: '#/components/responses/Nope' }, '/x')).toThrow('Cannot resolve /x');
    expect(() => resolve(doc, { $ref: 'other.yaml#/x' }, '/x')).toThrow('Only local references');
  });
});

describe('bundleSchemas', () => {
  it('validates against a schema by pointer, through recursion', () => {
    const thing = bundleSchemas(doc).at('/components/schemas/Thing');
    expect(thing({ id: 'a', parent: { id: 'b' } })).toBe(true);
    expect(thing({ id: 'a', parent: { id: 2 } })).toBe(false);
  });

  it('rejects undocumented fields only when asked, and leaves composed schemas open', () => {
    expect(bundleSchemas(doc).at('/components/schemas/Thing')({ id: 'a', colour: 'red' })).toBe(true);
    const closed = bundleSchemas(doc, { rejectUndocumented: true });
    expect(closed.at('/components/schemas/Thing')({ id: 'a', colour: 'red' })).toBe(false);
    expect(closed.at('/components/schemas/Either')('text')).toBe(true);
  });

  it('keeps example values untouched when closing objects', () => {
    const closedDoc = closeObjects({ example: { properties: { x: 1 } }, properties: { a: { type: 'string' } } });
    expect(closedDoc).toEqual({
      example: { properties: { x: 1 } },
      properties: { a: { type: 'string' } },
      additionalProperties: false,
    });
  });

  it('names a pointer with no schema', () => {
    expect(() => bundleSchemas(doc).at('/components/schemas/Missing')).toThrow(
      'No schema at /components/schemas/Missing',
    );
  });
});

describe('listBundleOperations', () => {
  const api: JsonObject = {
    security: [{ token: [] }],
    paths: {
      '/v1/items/{id}': {
        parameters: [{ $ref: '#/components/parameters/Id' }, { name: 'trace', in: 'header' }],
        get: {
          parameters: [
            { name: 'id', in: 'path', description: 'the operation own' },
            { name: 'q', in: 'query' },
          ],
        },
        delete: { security: [] },
      },
      '/v1/other': { $ref: '#/components/pathItems/Other' },
    },
    components: {
      parameters: { Id: { name: 'id', in: 'path', required: true } },
      pathItems: { Other: { post: { operationId: 'MakeOther' } } },
    },
  };

  it('lists operations with pointers, merged parameters (the operation wins) and effective security', () => {
    const [get, remove, post] = listBundleOperations(api);
    expect(get?.method).toBe('get');
    expect(get?.operation.pointer).toBe('/paths/~1v1~1items~1{id}/get');
    expect(get?.parameters.map((p) => [p.node.name, p.pointer])).toEqual([
      ['trace', '/paths/~1v1~1items~1{id}/parameters/1'],
      ['id', '/paths/~1v1~1items~1{id}/get/parameters/0'],
      ['q', '/paths/~1v1~1items~1{id}/get/parameters/1'],
    ]);
    expect(get?.security).toEqual([{ token: [] }]);
    expect(remove?.parameters.map((p) => [p.node.name, p.pointer])).toEqual([
      ['id', '/components/parameters/Id'],
      ['trace', '/paths/~1v1~1items~1{id}/parameters/1'],
    ]);
    expect(remove?.security).toEqual([]);
    expect(post).toMatchObject({
      method: 'post',
      path: '/v1/other',
      operation: { pointer: '/components/pathItems/Other/post' },
    });
  });
});
