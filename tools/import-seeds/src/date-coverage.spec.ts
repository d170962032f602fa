import { checkDateCoverage, formatDateCoverage, type DateGap } from './date-coverage';
import { dateGapsFile, educationFile, financeAndProgrammeFile, named } from './testing/fixtures';

const files = () => [named('data/curation/a.json', educationFile()), named('data/curation/b.json', financeAndProgrammeFile())];
const gaps = (): DateGap[] => dateGapsFile().gaps;

describe('checkDateCoverage', () => {
  it('counts the measures with a period and a date and reports each gap with its reason', () => {
    const coverage = checkDateCoverage(files(), gaps());
    expect(coverage).toMatchObject({ errors: [], total: 3, withPeriod: 3, withPublishedOn: 0 });
    expect(formatDateCoverage(coverage)).toBe(
      [
        'dates: period on 3 of 3 measures, publishedOn on 0 of 3; the others, by reason (data/curation/date-gaps.json):',
        '  publishedOn missing on 3: The fixture seed dates no document.',
      ].join('\n'),
    );
  });

  it('fails when a measure loses its period or date without a reason (a regression)', () => {
    const education = educationFile();
    Object.assign(education.measures[0], {
      periodStart: null,
      periodEnd: null,
      originalTitle: '教育行動方案',
      excerpt: '教育行動方案',
      points: [],
    });
    const finance = financeAndProgrammeFile();
    const { errors } = checkDateCoverage(
      [named('data/curation/a.json', education), named('data/curation/b.json', finance)],
      [{ ...gaps()[0]!, measures: ['education-action-plan-2023-2027', 'programme-counterpart-assistance'] }],
    );
    expect(errors).toEqual([
      'data/curation/a.json: education-action-plan-2023-2027: no period and no reason: give periodStart/periodEnd, or list it under "period" in data/curation/date-gaps.json',
      'data/curation/b.json: finance-financial-support-plan-2023: no publishedOn and no reason: give it, or list it under "publishedOn" in data/curation/date-gaps.json',
    ]);
  });

  it('wants the period a title states, and a period where the quotes name a year', () => {
    const education = educationFile();
    Object.assign(education.measures[0], { periodStart: 2023, periodEnd: 2025 });
    const finance = financeAndProgrammeFile();
    Object.assign(finance.measures[0], { periodStart: null, periodEnd: null });
    const { errors } = checkDateCoverage(
      [named('data/curation/a.json', education), named('data/curation/b.json', finance)],
      [...gaps(), { field: 'period', reason: 'A reason that does not hold.', measures: ['finance-financial-support-plan-2023'] }],
    );
    expect(errors).toEqual([
      'data/curation/a.json: education-action-plan-2023-2027: the title states 2023—2027, so periodStart/periodEnd must be 2023 and 2027',
      'data/curation/b.json: finance-financial-support-plan-2023: its quotes state the year 2023, but it has no period',
    ]);
  });

  it('refuses a stale entry: a measure that has the value, or one that does not exist', () => {
    const { errors } = checkDateCoverage(files(), [
      ...gaps(),
      { field: 'period', reason: 'Listed although it has one.', measures: ['education-action-plan-2023-2027', 'education-gone'] },
    ]);
    expect(errors).toEqual([
      'data/curation/date-gaps.json: period: education-gone is not a curated measure',
      'data/curation/date-gaps.json: period: education-action-plan-2023-2027 has a period now; take it off the list',
    ]);
  });
});
