// GraphQL Code Generator (client preset) over the public contract's client schema: typed
// operations in src/gql/, each document replaced by its SHA-256 in the bundle; the build writes
// the documents themselves to schema/usage/portal.persisted.json (the persisted-documents manifest).
// By hand: `node_modules/.bin/graphql-codegen --config apps/portal/codegen.mjs` (npm run build does it).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export default {
  schema: join(here, '..', '..', 'schema', 'public.graphql'),
  documents: [join(here, 'src', '**', '*.tsx')],
  generates: {
    [join(here, 'src', 'gql') + '/']: {
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { mode: 'replaceDocumentWithHash', hashAlgorithm: 'sha256' } },
      config: { documentMode: 'string', useTypeImports: true, enumsAsTypes: true, scalars: { DateTimeISO: 'string' } },
    },
  },
  silent: true,
};
