import { useState } from 'preact/hooks';
import { useQuery } from '../api';
import { SearchQuery } from '../operations';
import { MeasureHeading, SourceLine } from '../components/measure-parts';
import { Failure, Loading, PartialNotice } from '../components/status';
import { DEPARTMENT_CODES, departmentName } from '../labels';
import type { Department } from '../gql/graphql';
import { href, type Route } from '../router';

const YEARS = ['2023', '2024', '2025', '2026', '2027', '2030', '2035'];

/** Search state lives in the address: q, department, year and the cursor of the page shown. */
export function SearchPage({ route }: { route: Route }) {
  const q = route.params.get('q') ?? '';
  const department = route.params.get('department') ?? '';
  const year = route.params.get('year') ?? '';
  const after = route.params.get('after') ?? '';
  const [text, setText] = useState(q);
  const go = (next: Record<string, string | undefined>) => {
    location.hash = href(['search'], { q, department, year, ...next, after: next.after });
  };
  return (
    <>
      <h1>搜索政策措施</h1>
      <form
        role="search"
        class="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          go({ q: text.trim() });
        }}
      >
        <label for="q">关键词（简体或繁体）</label>
        <input
          id="q"
          name="q"
          type="search"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          placeholder="例如：教育 或 教育強鎮"
        />
        <label for="department">部门</label>
        <select id="department" value={department} onChange={(e) => go({ department: e.currentTarget.value })}>
          <option value="">全部部门</option>
          {DEPARTMENT_CODES.map((code) => (
            <option key={code} value={code}>
              {departmentName(code)}
            </option>
          ))}
        </select>
        <label for="year">年度</label>
        <select id="year" value={year} onChange={(e) => go({ year: e.currentTarget.value })}>
          <option value="">全部年度</option>
          {YEARS.map((y) => (
            <option key={y} value={y}>
              {y}年
            </option>
          ))}
        </select>
        <button type="submit">搜索</button>
      </form>
      <SearchResults q={q} department={department} year={year} after={after} />
    </>
  );
}

function SearchResults({ q, department, year, after }: { q: string; department: string; year: string; after: string }) {
  const filter = {
    ...(q ? { q } : {}),
    ...(department ? { department: department as Department } : {}),
    ...(year ? { year: Number(year) } : {}),
  };
  const query = useQuery(SearchQuery, { filter, after: after || null }, JSON.stringify([filter, after]));
  if (query.loading) return <Loading />;
  const page = query.result.data?.measures;
  if (!page) return <Failure result={query.result} reload={query.reload} />;
  return (
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
          <a class="button" href={href(['search'], { q, department, year, after: page.pageInfo.endCursor })}>
            下一页
          </a>
        ) : null}
      </nav>
    </section>
  );
}
