import { parseArgs } from 'node:util';
import type { BackupFormat } from './client-tools';

export const USAGE = `Back up and restore the departments' PostgreSQL schemas (docs/operations.md, "Backup and restore").

  npm run db:backup  -- [--schema <name>]… [--all] [--out <dir>] [--format auto|copy|pg_dump]
  npm run db:restore -- --from <dir> [--schema <name>]… [--replace]
  npm run db:drill   -- [--out <dir>] [--format auto|copy|pg_dump] [--gateway <url>|--no-gateway]

<name> is a schema (civil_affairs) or its subgraph (civil-affairs). The database is DATABASE_URL,
else the embedded PostgreSQL of npm start (started for the command when it is not running).`;

export type Command =
  | { kind: 'help' }
  | { kind: 'backup'; schemas: string[]; out?: string; format: BackupFormat | 'auto' }
  | { kind: 'restore'; from: string; schemas: string[]; replace: boolean }
  | { kind: 'drill'; out?: string; format: BackupFormat | 'auto'; gateway?: string | false };

const FORMATS = ['auto', 'copy', 'pg_dump'] as const;

function format(value: string | undefined): BackupFormat | 'auto' {
  if (value === undefined) return 'auto';
  if (!(FORMATS as readonly string[]).includes(value)) throw new Error(`--format must be one of ${FORMATS.join(', ')}, not "${value}".`);
  return value as BackupFormat | 'auto';
}

/** Reads `<command> [options]`; a wrong option is an error that names it. */
export function parseCommand(argv: string[]): Command {
  const [verb, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      schema: { type: 'string', multiple: true },
      all: { type: 'boolean' },
      out: { type: 'string' },
      from: { type: 'string' },
      replace: { type: 'boolean' },
      format: { type: 'string' },
      gateway: { type: 'string' },
      'no-gateway': { type: 'boolean' },
    },
  });
  if (values.help || verb === undefined || verb === 'help') return { kind: 'help' };
  const only = (allowed: string[]) => {
    const extra = Object.keys(values).filter((k) => !allowed.includes(k));
    if (extra.length > 0) throw new Error(`${verb} does not take --${extra.join(', --')}.`);
  };
  switch (verb) {
    case 'backup':
      only(['schema', 'all', 'out', 'format']);
      if (values.all && values.schema) throw new Error('Give --schema or --all, not both.');
      return { kind: 'backup', schemas: values.schema ?? [], out: values.out, format: format(values.format) };
    case 'restore':
      only(['from', 'schema', 'replace']);
      if (!values.from) throw new Error('restore needs --from <dir>: a folder written by npm run db:backup.');
      return { kind: 'restore', from: values.from, schemas: values.schema ?? [], replace: values.replace ?? false };
    case 'drill':
      only(['out', 'format', 'gateway', 'no-gateway']);
      return { kind: 'drill', out: values.out, format: format(values.format), gateway: values['no-gateway'] ? false : values.gateway };
    default:
      throw new Error(`Unknown command "${verb}": backup, restore or drill.`);
  }
}
