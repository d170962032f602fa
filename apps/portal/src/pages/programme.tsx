import { useQuery } from '../api';
import { Chart } from '../components/chart';
import { SourceLine } from '../components/measure-parts';
import { Failure, Loading, PartialNotice } from '../components/status';
import { MeasureFacetsQuery, ProgrammePageQuery } from '../operations';
import { departmentName, numberText, schemeName } from '../labels';
import { href } from '../router';

const GOAL_YEARS = [2025, 2027, 2035];

export function ProgrammePage() {
  const programme = useQuery(ProgrammePageQuery, {}, 'programme');
  const counts = useQuery(MeasureFacetsQuery, {}, 'facets');
  if (programme.loading) return <Loading />;
  const data = programme.result.data?.programme;
  if (!data) return <Failure result={programme.result} reload={programme.reload} />;
  const countData = counts.loading ? undefined : counts.result.data?.measures;
  return (
    <>
      <h1>{data.name}</h1>
      <PartialNotice result={programme.result} />
      {!counts.loading ? <PartialNotice result={counts.result} /> : null}
      <section aria-labelledby="goals">
        <h2 id="goals">目标</h2>
        <div class="goals">
          {GOAL_YEARS.map((year) => (
            <article class="card" key={year}>
              <h3>{year}年</h3>
              {data.milestones
                .filter((m) => m.year === year)
                .map((m) => (
                  <div key={m.id}>
                    <p>{m.goal}</p>
                    <SourceLine source={m.source} />
                  </div>
                ))}
            </article>
          ))}
        </div>
      </section>
      <section aria-labelledby="figures">
        <h2 id="figures">关键数据</h2>
        <ul class="figures">
          {data.keyFigures.map((f) => (
            <li key={f.id}>
              <strong>
                {numberText(f.value)}
                {f.unit}
              </strong>
              <span>{f.name}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="counts">
        <h2 id="counts">政策措施统计</h2>
        {countData ? (
          <>
            <p>
              共 <strong>{countData.totalCount}</strong> 项政策措施。
            </p>
            <div class="two-columns">
              <div>
                <h3>按部门</h3>
                <ul class="plain">
                  {countData.facets.departments.map((d) => (
                    <li key={d.value}>
                      <a href={href(['search'], { department: d.value })}>{departmentName(d.value)}</a>：{d.count} 项
                    </li>
                  ))}
                </ul>
              </div>
              <div>
                <h3>按年度（期限覆盖或有目标在该年到期）</h3>
                <Chart
                  label={`各年度政策措施数：${countData.facets.years.map((y) => `${y.value}年 ${y.count} 项`).join('，')}`}
                  categories={countData.facets.years.map((y) => String(y.value))}
                  values={countData.facets.years.map((y) => y.count)}
                  unit=" 项"
                />
              </div>
            </div>
          </>
        ) : counts.loading ? (
          <Loading />
        ) : (
          <Failure result={counts.result} reload={counts.reload} />
        )}
      </section>
      <section aria-labelledby="meetings">
        <h2 id="meetings">重要会议</h2>
        <ol class="timeline">
          {[...data.meetings]
            .sort((a, b) => a.date.localeCompare(b.date))
            .map((m) => (
              <li key={m.id}>
                <time dateTime={m.date}>{m.date}</time>
                <div>
                  <strong>{m.title}</strong>
                  {m.region ? (
                    <>
                      （<a href={href(['region', m.region.code])}>{m.region.name}</a>）
                    </>
                  ) : null}
                  <p>{m.summary}</p>
                </div>
              </li>
            ))}
        </ol>
      </section>
      <section aria-labelledby="inspections">
        <h2 id="inspections">督导检查</h2>
        <ul class="plain">
          {data.inspectionRounds.map((r) => (
            <li key={r.id}>
              {r.startedOn ? `${r.startedOn}：` : ''}
              {r.focus}
              {r.teams ? `，${r.teams} 个督导组` : ''}
              {r.cities ? `，覆盖 ${r.cities} 个市` : ''}
              {r.counties ? `、${r.counties} 个县（市、区）` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="pairings">
        <h2 id="pairings">结对帮扶</h2>
        <ul class="plain">
          {data.assistancePairings.map((p) => (
            <li key={p.id}>
              <strong>{schemeName(p.scheme)}</strong>：{p.helpers}
              {p.helpedRegions.length > 0 ? ' 帮扶 ' : ''}
              {p.helpedRegions.map((r, i) => (
                <span key={r.code}>
                  {i > 0 ? '、' : ''}
                  <a href={href(['region', r.code])}>{r.name}</a>
                </span>
              ))}
              {p.units ? `，${p.units} 个单位` : ''}
              {p.cadres ? `，${p.cadres} 名干部` : ''}
              {p.periodStart ? `（${p.periodStart}—${p.periodEnd ?? ''}年）` : ''}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
