import { useState } from 'preact/hooks';
import { useQuery } from '../api';
import { SearchQuery } from '../operations';
import { MeasureHeading, SourceLine } from '../components/measure-parts';
import { Failure, Loading, PartialNotice } from '../components/status';
import { categoryName, departmentName, levelName, measureLevelName } from '../labels';
import type { Department, MeasureFilter, MeasureLevel, PortalSearchQuery, RegionLevel } from '../gql/graphql';
import { href, type Route } from '../router';

/** The filters a reader narrows by, each one a parameter of the address and one facet of the answer. */
const DIMENSIONS = [
  { param: 'department', facet: 'departments', heading: '部门', name: departmentName },
  { param: 'level', facet: 'levels', heading: '发布层级', name: measureLevelName },
  { param: 'year', facet: 'years', heading: '年度', name: (year: string) => `${year}年` },
  { param: 'category', facet: 'categories', heading: '类别', name: categoryName },
  { param: 'regionLevel', facet: 'regionLevels', heading: '适用地区层级', name: levelName },
] as const;

type Param = (typeof DIMENSIONS)[number]['param'];
type Selection = Record<'q' | Param, string>;
type Facets = PortalSearchQuery['measures']['facets'];

function readSelection(params: URLSearchParams): Selection {
  const read = (name: string) => params.get(name) ?? '';
  return {
    q: read('q'),
    department: read('department'),
    level: read('level'),
    year: read('year'),
    category: read('category'),
    regionLevel: read('regionLevel'),
  };
}

/** What the API is asked for: each chosen value narrows the list (and the other facets' counts). */
function filterOf(selection: Selection): MeasureFilter {
  return {
    ...(selection.q ? { q: selection.q } : {}),
    ...(selection.department ? { department: selection.department as Department } : {}),
    ...(selection.level ? { level: selection.level as MeasureLevel } : {}),
    ...(selection.year ? { year: Number(selection.year) } : {}),
    ...(selection.category ? { categories: [selection.category] } : {}),
    ...(selection.regionLevel ? { regionLevel: selection.regionLevel as RegionLevel } : {}),
  };
}

/** Search state lives in the address: the text, one value per facet, and the cursor of the page shown. */
export function SearchPage({ route }: { route: Route }) {
  const selection = readSelection(route.params);
  const after = route.params.get('after') ?? '';
  const [text, setText] = useState(selection.q);
  return (
    <>
      <h1>搜索政策措施</h1>
      <form
        role="search"
        class="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          location.hash = href(['search'], { ...selection, q: text.trim() });
        }}
      >
        <label for="q">关键词（简体、繁体或拼音）</label>
        <input
          id="q"
          name="q"
          type="search"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          placeholder="例如：教育、教育強鎮、deqing 或 dqx"
        />
        <button type="submit">搜索</button>
      </form>
      <SearchResults selection={selection} after={after} />
    </>
  );
}

/** One facet: every value with its count; a click narrows the list to it, the chosen one can be removed. */
function FacetGroup({
  dimension,
  values,
  selection,
}: {
  dimension: (typeof DIMENSIONS)[number];
  values: { value: string | number; count: number }[];
  selection: Selection;
}) {
  const chosen = selection[dimension.param];
  const id = `facet-${dimension.param}`;
  return (
    <section aria-labelledby={id} class="facet">
      <h3 id={id}>{dimension.heading}</h3>
      <ul>
        {values.map(({ value, count }) => {
          const current = String(value) === chosen;
          return (
            <li key={value}>
              <a
                href={href(['search'], { ...selection, [dimension.param]: current ? '' : String(value) })}
                aria-current={current ? 'true' : undefined}
                data-value={value}
                data-count={count}
              >
                {dimension.name(String(value))}
                <span class="count">{count}</span>
                {current ? <span class="visually-hidden">（已选，点击取消）</span> : null}
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function FacetSidebar({ facets, selection }: { facets: Facets; selection: Selection }) {
  const chosen = DIMENSIONS.filter((d) => selection[d.param]);
  return (
    <aside class="facets" aria-labelledby="facets-heading">
      <h2 id="facets-heading">筛选</h2>
      {chosen.length > 0 ? (
        <p>
          <a href={href(['search'], { q: selection.q })}>清除全部筛选</a>
        </p>
      ) : null}
      {DIMENSIONS.map((dimension) => (
        <FacetGroup key={dimension.param} dimension={dimension} values={facets[dimension.facet]} selection={selection} />
      ))}
    </aside>
  );
}

function SearchResults({ selection, after }: { selection: Selection; after: string }) {
  const filter = filterOf(selection);
  const query = useQuery(SearchQuery, { filter, after: after || null }, JSON.stringify([filter, after]));
  if (query.loading) return <Loading />;
  const page = query.result.data?.measures;
  if (!page) return <Failure result={query.result} reload={query.reload} />;
  return (
    <div class="search-layout">
      <FacetSidebar facets={page.facets} selection={selection} />
      <section aria-labelledby="results">
        <h2 id="results">找到 {page.totalCount} 项</h2>
        <PartialNotice result={query.result} />
        <ol class="measures">
          {page.edges.map(({ node }) => (
            <li key={node.id} class="card">
              <MeasureHeading measure={node} />
              <SourceLine source={node.source} />
            </li>
          ))}
        </ol>
        <nav class="pager" aria-label="分页">
          {after ? (
            <button type="button" onClick={() => history.back()}>
              上一页
            </button>
          ) : null}
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
            <a class="button" href={href(['search'], { ...selection, after: page.pageInfo.endCursor })}>
              下一页
            </a>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
