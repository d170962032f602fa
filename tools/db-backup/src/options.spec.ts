import { parseCommand } from './options';
import { dependencyOrder } from './schema-tables';

describe('db-backup command line', () => {
  it('reads each command with its options', () => {
    expect(parseCommand(['backup', '--schema', 'education', '--schema', 'civil-affairs', '--out', '/b'])).toEqual({
      kind: 'backup',
      schemas: ['education', 'civil-affairs'],
      out: '/b',
      format: 'auto',
    });
    expect(parseCommand(['restore', '--from', '/b', '--replace'])).toEqual({ kind: 'restore', from: '/b', schemas: [], replace: true });
    expect(parseCommand(['drill', '--no-gateway', '--format', 'copy'])).toMatchObject({ kind: 'drill', gateway: false, format: 'copy' });
  });

  it('names what is wrong', () => {
    expect(() => parseCommand(['restore'])).toThrow(/restore needs --from <dir>/);
    expect(() => parseCommand(['backup', '--replace'])).toThrow(/backup does not take --replace/);
    expect(() => parseCommand(['backup', '--format', 'tar'])).toThrow(/--format must be one of auto, copy, pg_dump/);
    expect(() => parseCommand(['backup', '--all', '--schema', 'health'])).toThrow(/not both/);
    expect(() => parseCommand(['wipe'])).toThrow(/Unknown command "wipe"/);
  });
});

describe('load order', () => {
  it('puts each table after the tables it references, whatever their names', () => {
    const references = [
      { from: 'target_observations', to: 'targets' },
      { from: 'target_observations', to: 'measures' },
      { from: 'targets', to: 'measures' },
      { from: 'measures', to: 'measures' }, // a table referencing itself
    ];
    expect(dependencyOrder(['audit_log', 'target_observations', 'targets', 'measures'], references)).toEqual([
      'audit_log',
      'measures',
      'targets',
      'target_observations',
    ]);
  });
});
