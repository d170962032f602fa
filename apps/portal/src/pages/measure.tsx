import { useQuery } from '../api';
import { Chart } from '../components/chart';
import { OriginalTitle, SourceQuote, TargetItem, TranslationMark } from '../components/measure-parts';
import { Failure, Loading, PartialNotice } from '../components/status';
import { categoryName, departmentName, levelName, measureLevelName, numberText, periodText, transportModeName } from '../labels';
import { MeasurePageQuery } from '../operations';
import type { PortalMeasureQuery } from '../gql/graphql';
import { href } from '../router';

type Measure = NonNullable<PortalMeasureQuery['measure']>;

/** Each department's own fields, by the measure's type. */
function DepartmentFields({ measure }: { measure: Measure }) {
  const rows: [string, string][] = [];
  switch (measure.__typename) {
    case 'ProgrammeMeasure':
      if (measure.leadDepartment) rows.push(['牵头部门', measure.leadDepartment]);
      break;
    case 'EducationMeasure':
      if (measure.stages?.length) rows.push(['学段', measure.stages.join('、')]);
      if (measure.pairedCounties != null) rows.push(['结对县数', String(measure.pairedCounties)]);
      if (measure.pairedInstitutions != null) rows.push(['结对院校数', String(measure.pairedInstitutions)]);
      break;
    case 'HealthMeasure':
      if (measure.programmes?.length) rows.push(['项目', measure.programmes.join('、')]);
      if (measure.structure)
        rows.push([
          '方案结构',
          `总体目标 ${measure.structure.overallGoals ?? '—'} 项，项目 ${measure.structure.projects ?? '—'} 个，子项目 ${measure.structure.subProjects ?? '—'} 个`,
        ]);
      break;
    case 'TransportMeasure':
      if (measure.modes?.length) rows.push(['运输方式', measure.modes.map(transportModeName).join('、')]);
      break;
    case 'CivilAffairsMeasure':
      if (measure.beneficiaries?.length) rows.push(['受益对象', measure.beneficiaries.join('、')]);
      break;
    case 'FinanceMeasure':
      if (measure.instruments?.length) rows.push(['政策工具', measure.instruments.join('、')]);
      break;
  }
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="department-fields">
      <h2 id="department-fields">{departmentName(measure.department)}专项信息</h2>
      <dl class="fields">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function MeasurePage({ id }: { id: string }) {
  const query = useQuery(MeasurePageQuery, { id }, id);
  if (query.loading) return <Loading />;
  const measure = query.result.data?.measure;
  if (!measure) {
    if (query.result.data && query.result.errors.length === 0) return <p class="notice">没有编号为 {id} 的政策措施。</p>;
    return <Failure result={query.result} reload={query.reload} />;
  }
  const article = measure.source.article;
  return (
    <>
      <h1>
        {measure.title}
        <TranslationMark measure={measure} />
      </h1>
      <OriginalTitle measure={measure} />
      {!measure.titleIsTranslation && measure.originalTitle !== measure.title ? (
        <p class="muted">
          原标题：<span lang={article?.script === 'Hant' ? 'zh-Hant' : undefined}>{measure.originalTitle}</span>
        </p>
      ) : null}
      <PartialNotice result={query.result} />
      {measure.archived ? <p class="notice">该措施已归档。</p> : null}
      <dl class="fields">
        <div>
          <dt>部门</dt>
          <dd>{departmentName(measure.department)}</dd>
        </div>
        <div>
          <dt>发布机关</dt>
          <dd>{measure.issuer}</dd>
        </div>
        <div>
          <dt>责任单位</dt>
          <dd>{measure.responsibleBody}</dd>
        </div>
        <div>
          <dt>层级</dt>
          <dd>{measureLevelName(measure.level)}</dd>
        </div>
        <div>
          <dt>类别</dt>
          <dd>{categoryName(measure.category)}</dd>
        </div>
        <div>
          <dt>期限</dt>
          <dd>{periodText(measure.period)}</dd>
        </div>
        <div>
          <dt>发布日期</dt>
          <dd>{measure.publishedOn ?? '未注明'}</dd>
        </div>
        <div>
          <dt>版本</dt>
          <dd>
            第 {measure.version} 版，最近更新{' '}
            <time dateTime={measure.updatedAt}>{new Date(measure.updatedAt).toLocaleString('zh-CN')}</time>
          </dd>
        </div>
      </dl>
      <DepartmentFields measure={measure} />
      {measure.points.length > 0 ? (
        <section aria-labelledby="points">
          <h2 id="points">主要内容</h2>
          <ul>
            {measure.points.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="targets">
        <h2 id="targets">目标（{measure.targets.length}）</h2>
        {measure.targets.length === 0 ? <p class="muted">该措施没有量化目标。</p> : null}
        <ul class="targets">
          {measure.targets.map((t) => (
            <TargetItem key={t.id} target={t} />
          ))}
        </ul>
        {measure.targets
          .filter((t) => t.observations.length > 0)
          .map((t) => (
            <div key={t.id}>
              <h3>{t.indicator}：观测值</h3>
              <Chart
                kind="line"
                label={`${t.indicator}的观测值：${t.observations.map((o) => `${o.observedOn} ${numberText(o.value)}${t.unit}`).join('，')}`}
                categories={t.observations.map((o) => o.observedOn)}
                values={t.observations.map((o) => o.value)}
                unit={t.unit}
              />
            </div>
          ))}
      </section>
      <section aria-labelledby="source">
        <h2 id="source">原文出处</h2>
        {article?.subheadline ? <p class="muted">副题：{article.subheadline}</p> : null}
        <SourceQuote source={measure.source} />
        {article?.script === 'Hant' ? <p class="muted">原文为繁体字，引文照录，下附简体。</p> : null}
      </section>
      {(measure.funding ?? []).length > 0 ? (
        <section aria-labelledby="funding">
          <h2 id="funding">资金安排</h2>
          <ul>
            {(measure.funding ?? []).map((f) => (
              <li key={f.id}>
                <a href={href(['region', f.region.code])}>{f.region.name}</a>：{f.purpose}
                {f.year ? `（${f.year}年）` : ''} {numberText(f.amount)}
                {f.unit}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="regions">
        <h2 id="regions">适用地区（{measure.regions.length}）</h2>
        <ul class="chips">
          {measure.regions.map((r) => (
            <li key={r.code}>
              <a href={href(['region', r.code])}>
                {r.name}
                <span class="muted">（{levelName(r.level)}）</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
