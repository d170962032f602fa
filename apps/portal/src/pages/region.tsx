import { useState } from 'preact/hooks';
import { useQuery } from '../api';
import { Chart } from '../components/chart';
import { MeasureHeading, SourceLine, SourceQuote, TargetItem } from '../components/measure-parts';
import { Failure, Loading, PartialNotice } from '../components/status';
import { levelName, numberText } from '../labels';
import { RegionFinderQuery, RegionPageQuery } from '../operations';
import { href } from '../router';

export const PROVINCE_CODE = '440000';

/**
 * Finds a region by what a reader types: characters (Simplified or Traditional), pinyin without tones
 * or initials (德庆县 by deqing or dqx). The text is kept in the address (`find=`), so results can be shared.
 */
function RegionFinder({ code, find }: { code: string; find: string }) {
  const [text, setText] = useState(find);
  return (
    <div class="finder">
      <form
        role="search"
        aria-label="查找地区"
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          location.hash = href(['region', code], { find: text.trim() });
        }}
      >
        <label for="region-name">地区名称（汉字、拼音或首字母）</label>
        <input
          id="region-name"
          type="search"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          placeholder="德庆、deqing 或 dqx"
        />
        <button type="submit">查找</button>
      </form>
      {find ? <RegionFinderResults name={find} /> : null}
    </div>
  );
}

function RegionFinderResults({ name }: { name: string }) {
  const query = useQuery(RegionFinderQuery, { name }, name);
  if (query.loading) return <Loading />;
  const regions = query.result.data?.regions;
  if (!regions) return <Failure result={query.result} reload={query.reload} />;
  if (regions.nodes.length === 0) return <p class="muted">没有名称与“{name}”相符的地区。</p>;
  return (
    <ol class="finder-results" aria-label={`“${name}”的查找结果`}>
      {regions.nodes.map((r) => (
        <li key={r.code}>
          <a href={href(['region', r.code])}>{r.fullName}</a> <span class="muted">{r.pinyin}</span>
        </li>
      ))}
    </ol>
  );
}

/** A region: where it sits, what is below it, and every measure that applies there. `after` pages the measures. */
export function RegionPage({ code, after, find }: { code: string; after?: string; find?: string }) {
  const query = useQuery(RegionPageQuery, { code, after: after ?? null }, `${code}:${after ?? ''}`);
  if (query.loading) return <Loading />;
  const region = query.result.data?.region;
  if (!region) {
    if (query.result.data && query.result.errors.length === 0) return <p class="notice">没有编码为 {code} 的地区。</p>;
    return <Failure result={query.result} reload={query.reload} />;
  }
  const measures = region.measures;
  const targets = (measures?.nodes ?? []).flatMap((m) => m.targets);
  const years = [...new Set(targets.flatMap((t) => (t.year ? [t.year] : [])))].sort();
  return (
    <>
      <nav aria-label="地区层级" class="breadcrumbs">
        <ol>
          {region.ancestors.map((a) => (
            <li key={a.code}>
              <a href={href(['region', a.code])}>{a.name}</a>
            </li>
          ))}
          <li aria-current="page">{region.name}</li>
        </ol>
      </nav>
      <h1>{region.fullName}</h1>
      <p class="pinyin" lang="zh-Latn-pinyin">
        {region.pinyin}
      </p>
      <p class="muted">
        {levelName(region.level)} · 区划代码 {region.code}
      </p>
      <PartialNotice result={query.result} />
      <RegionFinder key={find ?? ''} code={region.code} find={find ?? ''} />
      {region.keyFigures.length > 0 ? (
        <section aria-labelledby="figures">
          <h2 id="figures">关键数据</h2>
          <ul class="figures">
            {region.keyFigures.map((f) => (
              <li key={f.id}>
                <strong>
                  {numberText(f.value)}
                  {f.unit}
                </strong>
                <span>{f.name}</span>
                {f.source.article ? <SourceLine source={{ article: f.source.article }} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {region.children.length > 0 ? (
        <section aria-labelledby="children">
          <h2 id="children">下辖地区（{region.children.length}）</h2>
          <ul class="chips">
            {region.children.map((c) => (
              <li key={c.code}>
                <a href={href(['region', c.code])}>{c.name}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="measures">
        <h2 id="measures">适用的政策措施（{measures?.totalCount ?? 0} 项）</h2>
        <p class="muted">包括针对本地区、上级地区和全省的措施。</p>
        {years.length > 0 ? (
          <>
            <h3>目标到期年份</h3>
            <Chart
              label={`各年份到期的目标数：${years.map((y) => `${y}年 ${targets.filter((t) => t.year === y).length} 项`).join('，')}`}
              categories={years.map(String)}
              values={years.map((y) => targets.filter((t) => t.year === y).length)}
              unit=" 项"
            />
          </>
        ) : null}
        <ol class="measures">
          {(measures?.nodes ?? []).map((m) => (
            <li key={m.id} class="card">
              <MeasureHeading measure={m} />
              {m.targets.length > 0 ? (
                <ul class="targets" aria-label="目标">
                  {m.targets.map((t) => (
                    <TargetItem key={t.id} target={t} />
                  ))}
                </ul>
              ) : null}
              <SourceQuote source={m.source} />
            </li>
          ))}
        </ol>
        {measures?.pageInfo.hasNextPage && measures.pageInfo.endCursor ? (
          <p>
            <a class="button" href={href(['region', region.code], { after: measures.pageInfo.endCursor })}>
              下一页
            </a>
          </p>
        ) : null}
      </section>
      {(region.fundingLines ?? []).length > 0 ? (
        <section aria-labelledby="funding">
          <h2 id="funding">资金安排</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">用途</th>
                <th scope="col">地区</th>
                <th scope="col">年度</th>
                <th scope="col">金额</th>
              </tr>
            </thead>
            <tbody>
              {(region.fundingLines ?? []).map((f) => (
                <tr key={f.id}>
                  <td>
                    <a href={href(['measure', f.measureId])}>{f.purpose}</a>
                  </td>
                  <td>{f.region.name}</td>
                  <td>{f.year ?? '—'}</td>
                  <td class="number">
                    {numberText(f.amount)}
                    {f.unit}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
