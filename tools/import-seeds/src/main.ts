// Checks the curation files against their seed documents and regenerates data/generated/.
//   node -r @swc-node/register tools/import-seeds/src/main.ts          write the files
//   node -r @swc-node/register tools/import-seeds/src/main.ts --check  exit 1 if the committed files are stale
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ARTICLES_FILE } from './articles';
import { SKIPPED_ITEMS_FILE } from './coverage';
import { DATE_GAPS_FILE } from './date-coverage';
import { importSeeds } from './import-seeds';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const CURATION_DIR = 'data/curation';
const SEEDS_DIR = 'data/seeds';
const REGIONS_FILE = 'data/regions/guangdong.tsv';

const abs = (relative: string): string => join(REPO_ROOT, relative);
// Sorted by code units so the order of files, and so of errors, does not depend on the file system.
const sortedNames = (dir: string, ext: string): string[] =>
  readdirSync(abs(dir))
    .filter((f) => f.endsWith(ext))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function readJson(fileName: string): unknown {
  try {
    return JSON.parse(readFileSync(abs(fileName), 'utf8')) as unknown;
  } catch (e) {
    throw new Error(`${fileName}: not valid JSON: ${(e as Error).message}`);
  }
}

// Every JSON file in data/curation/ is a curation file, except the skip list of the coverage check, the articles
// and the date gaps.
function readCurationFiles(): { fileName: string; json: unknown }[] {
  return sortedNames(CURATION_DIR, '.json')
    .map((name) => `${CURATION_DIR}/${name}`)
    .filter((fileName) => ![SKIPPED_ITEMS_FILE, ARTICLES_FILE, DATE_GAPS_FILE].includes(fileName))
    .map((fileName) => ({ fileName, json: readJson(fileName) }));
}

function readSeeds(): Map<string, string> {
  return new Map(
    sortedNames(SEEDS_DIR, '.txt').map((name) => [name.slice(0, -'.txt'.length), readFileSync(abs(`${SEEDS_DIR}/${name}`), 'utf8')]),
  );
}

function main(): void {
  const check = process.argv.includes('--check');
  const result = importSeeds({
    curationFiles: readCurationFiles(),
    seeds: readSeeds(),
    regionsTsv: existsSync(abs(REGIONS_FILE)) ? readFileSync(abs(REGIONS_FILE), 'utf8') : null,
    skippedItems: existsSync(abs(SKIPPED_ITEMS_FILE)) ? readJson(SKIPPED_ITEMS_FILE) : null,
    articles: existsSync(abs(ARTICLES_FILE)) ? readJson(ARTICLES_FILE) : null,
    dateGaps: existsSync(abs(DATE_GAPS_FILE)) ? readJson(DATE_GAPS_FILE) : null,
  });
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  if (result.coverage !== null) console.log(result.coverage);
  if (result.dates) console.log(result.dates);
  if (result.errors.length > 0) {
    for (const error of result.errors) console.error(`error: ${error}`);
    console.error(`import-seeds: ${result.errors.length} error(s); nothing written.`);
    process.exit(1);
  }

  if (check) {
    const stale = [...result.outputs].filter(([path, content]) => !existsSync(abs(path)) || readFileSync(abs(path), 'utf8') !== content);
    if (stale.length > 0) {
      for (const [path] of stale) console.error(`${path} is ${existsSync(abs(path)) ? 'out of date' : 'missing'}.`);
      console.error('Run `node -r @swc-node/register tools/import-seeds/src/main.ts` and commit the result.');
      process.exit(1);
    }
    console.log(`data/generated/ is up to date (${result.outputs.size} files).`);
    return;
  }

  for (const [path, content] of result.outputs) {
    mkdirSync(dirname(abs(path)), { recursive: true });
    writeFileSync(abs(path), content, 'utf8');
    console.log(`Wrote ${path} (${Buffer.byteLength(content)} bytes).`);
  }
}

main();
