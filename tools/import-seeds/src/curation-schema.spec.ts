import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPARTMENTS as MANIFEST } from '@hkp/departments';
import { parseCurationFile } from './curation-schema';
import { educationFile, financeAndProgrammeFile } from './testing/fixtures';

const FILE = 'data/curation/test.json';

function firstError(json: unknown): string {
  const result = parseCurationFile(FILE, json);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.errors[0];
}

describe('parseCurationFile', () => {
  it('accepts files in the format of FORMAT.md', () => {
    expect(parseCurationFile(FILE, educationFile()).ok).toBe(true);
    expect(parseCurationFile(FILE, financeAndProgrammeFile()).ok).toBe(true);
  });

  it('accepts the committed curation of 001 (province-wide)', () => {
    const json: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'data', 'curation', '001-province.json'), 'utf8'));
    expect(parseCurationFile('data/curation/001-province.json', json)).toMatchObject({ ok: true });
  });

  it('rejects an unknown field, naming file and path', () => {
    const file = educationFile();
    Object.assign(file.measures[0].targets[0], { yaer: 2025 });
    expect(firstError(file)).toMatch(/^data\/curation\/test\.json: measures\.0\.targets\.0: .*yaer/);
  });

  it('rejects details that belong to another department', () => {
    const file = educationFile();
    Object.assign(file.measures[0], { details: { leadDepartment: '省教育厅' } });
    expect(firstError(file)).toMatch(/measures\.0\.details/);
  });

  it('rejects an id that does not start with the owning department', () => {
    const file = educationFile();
    file.measures[0].id = 'action-plan-2023-2027';
    expect(firstError(file)).toMatch(/measures\.0\.id: the id must start with the owning department/);
  });

  it('rejects an unknown comparator, category or transport mode', () => {
    const file = educationFile();
    Object.assign(file.measures[0].targets[0], { comparator: 'MORE_THAN' });
    expect(firstError(file)).toMatch(/comparator/);
    const other = educationFile();
    Object.assign(other.measures[0], { category: 'SCHOOLS' });
    expect(firstError(other)).toMatch(/category/);
  });

  it('rejects malformed region codes and dates', () => {
    const file = educationFile();
    file.measures[0].regionCodes = ['4400'];
    expect(firstError(file)).toMatch(/regionCodes\.0: a division code/);
    const other = financeAndProgrammeFile();
    (other.meetings ?? [])[0].date = '2023-2-13';
    expect(firstError(other)).toMatch(/meetings\.0\.date: YYYY-MM-DD/);
  });

  it('rejects a period that ends before it starts', () => {
    const file = educationFile();
    file.measures[0].periodStart = 2028;
    expect(firstError(file)).toMatch(/periodStart is after periodEnd/);
  });

  it("takes each department's details from its own fields, for every department of the manifest", () => {
    // A measure of each department with details its fields reject (an unknown key) names that department's details.
    for (const { code } of MANIFEST) {
      const file = educationFile();
      Object.assign(file.measures[0], { id: `${code.toLowerCase().replace(/_/g, '-')}-x`, department: code, details: { nope: 1 } });
      expect(firstError(file)).toMatch(/measures\.0\.details/);
    }
    const transport = educationFile();
    Object.assign(transport.measures[0], { id: 'transport-x', department: 'TRANSPORT', details: { modes: ['ROAD'] } });
    expect(parseCurationFile(FILE, transport).ok).toBe(true);
    Object.assign(transport.measures[0], { details: { modes: ['AIRSHIP'] } });
    expect(firstError(transport)).toMatch(/measures\.0\.details\.modes\.0/);
    const health = educationFile();
    Object.assign(health.measures[0], { id: 'health-x', department: 'HEALTH', details: {} });
    expect(parseCurationFile(FILE, health).ok).toBe(true);
    Object.assign(health.measures[0], { details: { structure: { overallGoals: 1, projects: 3 } } });
    expect(firstError(health)).toMatch(/measures\.0\.details\.structure\.subProjects/);
  });
});

describe('titles published in English', () => {
  it('need a Chinese translatedTitle, and only they may have one', () => {
    const english = educationFile();
    Object.assign(english.measures[0], { originalTitle: 'adjustments in agricultural funding management' });
    expect(parseCurationFile('x.json', english)).toEqual({
      ok: false,
      errors: [
        'x.json: measures.0.translatedTitle: the published title is not Chinese: give a Chinese translatedTitle (a Chinese page never prints it as the title)',
      ],
    });
    Object.assign(english.measures[0], { translatedTitle: '调整涉农资金管理' });
    expect(parseCurationFile('x.json', english)).toMatchObject({ ok: true });
    const chinese = educationFile();
    Object.assign(chinese.measures[0], { translatedTitle: '教育行动方案' });
    expect(parseCurationFile('x.json', chinese)).toMatchObject({ ok: false });
  });
});
