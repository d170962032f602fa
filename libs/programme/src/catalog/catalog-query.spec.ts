import { GraphQLError } from 'graphql';
import { buildCatalogQuery, keysetCondition, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, orderByOf, searchTerms } from './catalog-query';

function rejection(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected a rejection');
}

describe('searchTerms', () => {
  it('turns Traditional into Simplified, so both spellings find the same measures', () => {
    expect(searchTerms('教育行動方案')).toEqual(['教育行动方案']);
    expect(searchTerms('教育行動方案')).toEqual(searchTerms('教育行动方案'));
    expect(searchTerms('衛生 縣域')).toEqual(['卫生', '县域']);
  });

  it('strips scraping noise: pinyin glosses, U+FFFD, HTML residue', () => {
    expect(searchTerms('鄉(xiāng)村振興')).toEqual(['乡村振兴']);
    expect(searchTerms('會(huì )議')).toEqual(['会议']);
    expect(searchTerms('教育\uFFFD行动')).toEqual(['教育行动']);
    expect(searchTerms('<span>教育</span>')).toEqual(['教育']);
  });

  it('keeps real brackets, folds full-width forms and lower-cases latin', () => {
    expect(searchTerms('方案(試行)')).toEqual(['方案(试行)']);
    expect(searchTerms('ＧＤＰ　２０２５')).toEqual(['gdp', '2025']);
  });

  it('splits on any whitespace and drops empty words', () => {
    expect(searchTerms('  教育 \t 卫生\n交通  ')).toEqual(['教育', '卫生', '交通']);
  });

  it('rejects a q with nothing to search for', () => {
    for (const q of ['', '   ', '\u3000', '\uFFFD', '\n\t']) {
      const error = rejection(() => searchTerms(q));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'q' });
    }
  });

  it(`accepts up to ${MAX_QUERY_LENGTH} characters and rejects more`, () => {
    expect(searchTerms('教'.repeat(MAX_QUERY_LENGTH))).toEqual(['教'.repeat(MAX_QUERY_LENGTH)]);
    const error = rejection(() => searchTerms('教'.repeat(MAX_QUERY_LENGTH + 1)));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'q' });
    expect(error.message).toContain(String(MAX_QUERY_LENGTH));
  });

  it(`accepts up to ${MAX_QUERY_TERMS} words and rejects more`, () => {
    const words = Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `词${i}`);
    expect(searchTerms(words.slice(0, MAX_QUERY_TERMS).join(' '))).toHaveLength(MAX_QUERY_TERMS);
    const error = rejection(() => searchTerms(words.join(' ')));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'q' });
  });
});

describe('buildCatalogQuery', () => {
  it('lists measures that are not archived, provincial first, in id order, without a filter', () => {
    const params: unknown[] = [];
    const { where, sort } = buildCatalogQuery({}, params);
    expect(where).toEqual(['NOT c.archived']);
    expect(orderByOf(sort)).toBe('c.level_rank, c.id');
    expect(params).toEqual([]);
  });

  it('passes every value as a parameter, numbered after the ones already there', () => {
    const params: unknown[] = ['440600'];
    const { where } = buildCatalogQuery({ departments: ['EDUCATION'], levels: ['CITY'], categories: ['CITY_PLAN'], year: 2025 }, params);
    expect(where).toEqual([
      'NOT c.archived',
      'c.department = ANY($2::text[])',
      'c.level = ANY($3::text[])',
      'c.category = ANY($4::text[])',
      'c.years @> ARRAY[$5::int]',
    ]);
    expect(params).toEqual(['440600', ['EDUCATION'], ['CITY'], ['CITY_PLAN'], 2025]);
  });

  it('matches every search term as a substring, with LIKE wildcards in the query taken literally', () => {
    const params: unknown[] = [];
    const { where, sort } = buildCatalogQuery({ q: '教育 100%_达标' }, params);
    expect(where).toEqual(['NOT c.archived', 'c.search_text LIKE $1', 'c.search_text LIKE $2']);
    expect(params.slice(0, 2)).toEqual(['%教育%', '%100\\%\\_达标%']);
    // Titles with more of the terms first, then the closer title, then the usual order; rankings
    // negated so that every part ascends and a cursor continues with one row comparison.
    expect(orderByOf(sort)).toBe(
      '-((c.search_title LIKE $3)::int + (c.search_title LIKE $4)::int), -similarity(c.search_title, $5), c.level_rank, c.id',
    );
    expect(params.slice(2)).toEqual(['%教育%', '%100\\%\\_达标%', '教育 100%_达标']);
  });

  it('continues after the sort key of a cursor with one row comparison of typed parameters', () => {
    const params: unknown[] = ['440600'];
    const { sort } = buildCatalogQuery({ q: '教育' }, params);
    expect(keysetCondition(sort, [-1, -0.25, 0, 'education-x'], params)).toBe(
      '(-((c.search_title LIKE $3)::int), -similarity(c.search_title, $4), c.level_rank, c.id) > ($5::int, $6::real, $7::int, $8::text)',
    );
    expect(params.slice(4)).toEqual([-1, -0.25, 0, 'education-x']);
  });

  it('rejects an empty q instead of ignoring it', () => {
    expect(rejection(() => buildCatalogQuery({ q: '' }, [])).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'q' });
    expect(buildCatalogQuery({ q: null }, []).where).toEqual(['NOT c.archived']);
  });
});
