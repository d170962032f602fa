// Pieces every page shows the same way: a measure's line, its source, a target with its progress.
import { href } from '../router';
import { categoryName, comparatorName, departmentName, measureLevelName, numberText, periodText } from '../labels';

interface SourceLike {
  excerptSimplified?: string | null;
  excerpt?: string | null;
  headline?: string | null;
  label?: string | null;
  publisher?: string | null;
  article?: { label: string; publisher?: string | null; publishedOn?: string | null } | null;
}

/** The article a measure comes from: its headline (or curated label), publisher and date. */
export function SourceLine({ source }: { source: SourceLike }) {
  const title = source.headline ?? source.article?.label ?? source.label;
  const publisher = source.publisher ?? source.article?.publisher;
  const date = source.article?.publishedOn;
  return (
    <p class="source-line">
      <span class="muted">出处：</span>
      {title ? `《${title}》` : '未注明文章'}
      {publisher ? `，${publisher}` : ''}
      {date ? `，${date}` : ''}
    </p>
  );
}

/** The verbatim words of the source, as published. */
export function SourceQuote({ source }: { source: SourceLike }) {
  const text = source.excerptSimplified ?? source.excerpt;
  if (!text) return null;
  return (
    <figure class="quote">
      <blockquote>{text}</blockquote>
      <figcaption>
        <SourceLine source={source} />
      </figcaption>
    </figure>
  );
}

export interface TargetLike {
  id: string;
  indicator: string;
  value: number;
  unit: string;
  year?: number | null;
  comparator: string;
  progress?: { latestValue: number; observedOn: string; ratio?: number | null } | null;
}

export function TargetItem({ target }: { target: TargetLike }) {
  const ratio = target.progress?.ratio;
  const percent = ratio == null ? null : Math.max(0, Math.min(100, Math.round(ratio * 100)));
  return (
    <li class="target">
      <span>
        {target.indicator}：{comparatorName(target.comparator)}
        {numberText(target.value)}
        {target.unit}
        {target.year ? `（${target.year}年）` : ''}
      </span>
      {target.progress ? (
        <span class="progress-wrap">
          <progress max={100} value={percent ?? 0} aria-label={`${target.indicator} 进度`} />
          <span class="muted">
            {percent == null ? '' : `${percent}%，`}最新 {numberText(target.progress.latestValue)}
            {target.unit}（{target.progress.observedOn}）
          </span>
        </span>
      ) : (
        <span class="muted">暂无进展数据</span>
      )}
    </li>
  );
}

export interface MeasureLike {
  id: string;
  title: string;
  department: string;
  level: string;
  category: string;
  issuer: string;
  publishedOn?: string | null;
  period: { startYear?: number | null; endYear?: number | null };
}

export function MeasureHeading({ measure, as: Tag = 'h3' }: { measure: MeasureLike; as?: 'h2' | 'h3' }) {
  return (
    <>
      <Tag class="measure-title">
        <a href={href(['measure', measure.id])}>{measure.title}</a>
      </Tag>
      <p class="meta">
        <span class="tag">{departmentName(measure.department)}</span>
        <span class="tag">{measureLevelName(measure.level)}</span>
        <span class="tag">{categoryName(measure.category)}</span>
        <span>{periodText(measure.period)}</span>
        <span>发布：{measure.issuer}</span>
        {measure.publishedOn ? <span>{measure.publishedOn}</span> : null}
      </p>
    </>
  );
}
