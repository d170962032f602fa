import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@hkp/util-env';
import { arbitraryDocumentsAllowed, loadPersistedDocuments, persistedDocumentsOptions } from './persisted-documents';

let dir: string;
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hkp-pd-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadPersistedDocuments', () => {
  it('reads a manifest of { id: query }', () => {
    const documents = loadPersistedDocuments(file('ok.json', JSON.stringify({ abc: '{ __typename }', def: 'query Q { version }' })));
    expect([...documents.entries()]).toEqual([
      ['abc', '{ __typename }'],
      ['def', 'query Q { version }'],
    ]);
  });

  it('names the variable and the problem of a broken manifest', () => {
    expect(() => loadPersistedDocuments(join(dir, 'missing.json'))).toThrow(ConfigError);
    expect(() => loadPersistedDocuments(file('bad.json', '{'))).toThrow(/PERSISTED_DOCUMENTS_PATH=.*cannot be read as JSON/);
    expect(() => loadPersistedDocuments(file('array.json', '["{ a }"]'))).toThrow(/JSON object/);
    expect(() => loadPersistedDocuments(file('number.json', '{"a": 1}'))).toThrow(/"a" is not a query string/);
  });
});

describe('persistedDocumentsOptions', () => {
  it('looks documents up by id and gives coded errors', async () => {
    const options = persistedDocumentsOptions({ path: file('m.json', JSON.stringify({ abc: '{ __typename }' })), only: true }) as {
      getPersistedOperation: (id: string) => string | null;
      allowArbitraryDocuments: boolean;
      customErrors: Record<string, () => { extensions: Record<string, unknown> }>;
    };
    expect(options.getPersistedOperation('abc')).toBe('{ __typename }');
    expect(options.getPersistedOperation('nope')).toBeNull();
    expect(options.allowArbitraryDocuments).toBe(false);
    expect(options.customErrors['notFound']!().extensions).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } });
    expect(options.customErrors['persistedQueryOnly']!().extensions).toMatchObject({ code: 'PERSISTED_QUERY_REQUIRED' });
    expect(options.customErrors['keyNotFound']!().extensions).toMatchObject({ code: 'PERSISTED_QUERY_REQUIRED' });
  });
});

describe('arbitraryDocumentsAllowed', () => {
  const from = (client?: string) =>
    new Request('http://gateway/graphql', { method: 'POST', headers: client ? { 'x-client-name': client } : {} });

  it('allows query texts from everyone by default, and from no one under only', () => {
    expect(arbitraryDocumentsAllowed({ only: false })).toBe(true);
    expect(arbitraryDocumentsAllowed({ only: true, clients: ['portal'] })).toBe(false);
  });

  it('holds only the named clients to the manifest', () => {
    const allowed = arbitraryDocumentsAllowed({ only: false, clients: ['portal', 'kiosk'] }) as (request: Request) => boolean;
    expect(allowed(from('portal'))).toBe(false);
    expect(allowed(from('kiosk'))).toBe(false);
    expect(allowed(from('partner-x'))).toBe(true);
    expect(allowed(from())).toBe(true);
  });
});
