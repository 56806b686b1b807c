import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { asc, desc, q, serializeZStackQuery } from '../../src/zstack/query.js';

describe('q condition builder', () => {
  it('writes every operator in the server grammar', () => {
    expect(q.equals('status', 'Running')).toBe('status=Running');
    expect(q.notEquals('status', 'Stopped')).toBe('status!=Stopped');
    expect(q.in('uuid', ['a', 'b'])).toBe('uuid?=a,b');
    expect(q.notIn('status', ['Failed', 'Stopped'])).toBe('status!?=Failed,Stopped');
    expect(q.like('name', 'db%')).toBe('name~=db%');
    expect(q.notLike('name', 'test_%')).toBe('name!~=test_%');
    expect(q.gt('usedCapacity', 1073741824)).toBe('usedCapacity>1073741824');
    expect(q.gte('size', 0)).toBe('size>=0');
    expect(q.lt('maxLatency', 5)).toBe('maxLatency<5');
    expect(q.lte('lastLatency', 2.5)).toBe('lastLatency<=2.5');
    expect(q.isNull('description')).toBe('description is null');
    expect(q.notNull('description')).toBe('description not null');
    expect(q.equals('resourceRefs.resourceUuid', 'vm1')).toBe('resourceRefs.resourceUuid=vm1');
    expect(q.equals('enabled', false)).toBe('enabled=false');
  });

  it('keeps values the server splits back unchanged: spaces, "=" after the first character, %, +', () => {
    expect(q.equals('description', ' a b ')).toBe('description= a b ');
    expect(q.equals('description', 'x=y')).toBe('description=x=y');
    expect(q.like('name', '100%+')).toBe('name~=100%+');
  });

  it('refuses a value the server would split at a different operator', () => {
    expect(() => q.equals('name', 'a!=b')).toThrow(ConfigurationError);
    expect(() => q.equals('name', 'a!=b')).toThrow(/holds "!="/);
    expect(() => q.equals('name', 'a>=b')).toThrow(/holds ">="/);
    expect(() => q.gt('size', '=5')).toThrow(/holds ">="/);
    expect(() => q.like('name', 'x!=y')).toThrow(/holds "!="/);
    // "~=" is tried before "?=", so this one is read as intended
    expect(q.like('name', 'x?=y')).toBe('name~=x?=y');
    // the server drops separators repeated at the start of the value
    expect(() => q.equals('name', '=x')).toThrow(/holds "="/);
  });

  it('refuses commas and empty items inside in / not in, and empty lists', () => {
    expect(() => q.in('name', ['a,b', 'c'])).toThrow(/neither empty nor contain ","/);
    expect(() => q.notIn('name', ['a', ''])).toThrow(/neither empty nor contain ","/);
    expect(() => q.in('name', [])).toThrow(/non-empty array/);
  });

  it('refuses bad field names, empty values and non-finite numbers with a specific message', () => {
    expect(() => q.equals('na me', 'x')).toThrow(/"na me" is not a field name/);
    expect(() => q.equals('a=b', 'x')).toThrow(/is not a field name/);
    expect(() => q.isNull('')).toThrow(/is not a field name/);
    expect(() => serializeZStackQuery({ q: [q.equals('name', 'a\uD800')] })).toThrow(/"q" is not well-formed Unicode/);
    expect(() => q.gt('size', Number.NaN)).toThrow(/finite number/);
    expect(() => q.equals('name', { toString: () => 'x' } as unknown as string)).toThrow(
      /string, a finite number or a boolean/,
    );
  });

  it('builds sort and fields values', () => {
    expect(asc('createDate')).toBe('+createDate');
    expect(desc('createDate')).toBe('-createDate');
    expect(q.of<{ uuid: string; name: string }>().fields('uuid', 'name')).toBe('uuid,name');
    expect(() => asc('create date')).toThrow(ConfigurationError);
    expect(() => desc('resourceRefs.createDate')).toThrow(/sorts only by a field of the inventory itself/);
  });
});

describe('serializeZStackQuery', () => {
  it('repeats q, encodes + as %2B and % as %25, joins fields into one value', () => {
    const query = serializeZStackQuery({
      q: ['status=Running', 'name~=db%'],
      sort: '+createDate',
      fields: ['uuid', 'name'],
      limit: 10,
      replyWithCount: true,
      start: undefined,
    });
    expect(query).toBe(
      'q=status%3DRunning&q=name~%3Ddb%25&sort=%2BcreateDate&fields=uuid,name&limit=10&replyWithCount=true',
    );
    const parsed = new URLSearchParams(query);
    expect(parsed.getAll('q')).toEqual(['status=Running', 'name~=db%']);
    expect(parsed.get('sort')).toBe('+createDate');
    expect(parsed.getAll('fields')).toEqual(['uuid,name']);
  });

  it('accepts fields as the comma-separated string the spec declares', () => {
    expect(serializeZStackQuery({ fields: 'uuid,name,status' })).toBe('fields=uuid,name,status');
  });

  it('refuses a second sort key and object values', () => {
    expect(() => serializeZStackQuery({ sort: ['+a', '-b'] })).toThrow(/one sort value/);
    expect(() => serializeZStackQuery({ q: { a: 1 } })).toThrow(/not an object/);
  });
});
