import type { GraphQLError } from 'graphql';
import { checkPatchAgainstStored, commonFields, contentHashOf, normaliseTitle, ownFieldsOf } from './measure-columns';
import { nameList } from './measure-validation';
import { sampleMeasure, sampleTarget } from './testing/measure-tables';

// What a validated input makes of a measure's columns, and the update rules that need the stored measure.

function refusal(action: () => unknown): GraphQLError {
  try {
    action();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a refusal');
}

describe('normaliseTitle', () => {
  it('keeps the title as published (noise removed) and derives the display title in simplified characters', () => {
    expect(normaliseTitle('  廣東省縣域普通高中振興行動計劃  ')).toEqual({
      originalTitle: '廣東省縣域普通高中振興行動計劃',
      title: '广东省县域普通高中振兴行动计划',
    });
  });

  it('refuses a title that is only scraping noise with BAD_USER_INPUT at input.title', () => {
    const error = refusal(() => normaliseTitle('<br/>'));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.title' }] });
  });
});

describe('commonFields', () => {
  it('sets every common column on a create, marking a measure without a source as entered by the actor', () => {
    const fields = commonFields(
      {
        level: 'CITY',
        issuer: '韶关市',
        responsibleBody: '市政府',
        category: 'CITY_PLAN',
        regionCodes: ['440200'],
        points: ['擴大供給。'],
      },
      'editor@sg',
    );
    expect(fields).toEqual({
      level: 'CITY',
      issuer: '韶关市',
      responsibleBody: '市政府',
      category: 'CITY_PLAN',
      periodStart: null,
      periodEnd: null,
      publishedOn: null,
      regionCodes: ['440200'],
      points: ['擴大供給。'],
      pointsNormalised: ['扩大供给。'],
      source: { document: 'api', documentTitle: 'Entered through the API by editor@sg', excerpt: '' },
    });
  });

  it('sets only the columns an update names, and clears those it gives as null', () => {
    expect(commonFields({ periodEnd: null, issuer: '省教育厅' }, 'editor', sampleMeasure())).toEqual({
      periodEnd: null,
      issuer: '省教育厅',
    });
    expect(commonFields({ source: { document: '粤教〔2024〕1号' } }, 'editor', sampleMeasure())).toEqual({
      source: { document: '粤教〔2024〕1号', documentTitle: '粤教〔2024〕1号', excerpt: '' },
    });
  });
});

describe('ownFieldsOf', () => {
  it("takes the department's own fields the input gives, null included, and nothing else", () => {
    const shape = { stages: nameList('stages').nullish(), beneficiaries: nameList('beneficiaries').nullish() };
    expect(ownFieldsOf(shape, { title: 'x', stages: null, regionCodes: ['440000'] })).toEqual({ stages: null });
  });
});

describe('contentHashOf', () => {
  it('marks the measure as the department’s own edit, and changes exactly when what writers see changes', () => {
    const measure = sampleMeasure();
    const targets = [sampleTarget(measure.id)];
    const hash = contentHashOf(measure, targets);
    expect(hash).toMatch(/^api:/);
    expect(contentHashOf(Object.assign(sampleMeasure(), measure, { version: 7, updatedAt: new Date() }), targets)).toBe(hash);
    expect(contentHashOf(Object.assign(sampleMeasure(), measure, { periodEnd: 2030 }), targets)).not.toBe(hash);
    expect(contentHashOf(measure, [sampleTarget(measure.id, 0, { value: 11 })])).not.toBe(hash);
  });
});

describe('checkPatchAgainstStored', () => {
  const current = sampleMeasure({ id: 'education-a', periodStart: 2024, periodEnd: 2027 });
  const targets = [sampleTarget('education-a')];

  it('lets a patch through that fits the stored measure', () => {
    expect(() =>
      checkPatchAgainstStored(
        { periodStart: 2025, targets: [{ id: 'education-a:t1', indicator: 'x', value: 1, unit: '个' }] },
        current,
        targets,
      ),
    ).not.toThrow();
  });

  it('refuses a period that ends before it starts, with the stored bound, and a target id of another measure, all at once', () => {
    const error = refusal(() =>
      checkPatchAgainstStored(
        { periodStart: 2030, targets: [{ id: 'education-b:t1', indicator: 'x', value: 1, unit: '个' }] },
        current,
        targets,
      ),
    );
    expect(error.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          path: 'input.periodStart',
          message: 'periodEnd (2027) must not be before periodStart (2030); the other bound is the stored one.',
        },
        { path: 'input.targets.0.id', message: '"education-b:t1" is not a target of measure education-a; leave id out for a new target.' },
      ],
    });
    expect(refusal(() => checkPatchAgainstStored({ periodEnd: 2020 }, current, targets)).extensions['fields']).toEqual([
      expect.objectContaining({ path: 'input.periodEnd' }),
    ]);
  });
});
