// Pieces every page shows the same way: a measure's line, its source, a target with its progress.
import { href } from '../router';
import { categoryName, comparatorName, departmentName, measureLevelName, numberText, periodText } from '../labels';

interface SourceLike {
  excerptSimplified?: string | null;
  excerpt?: string | null;
  headline?: string | null;
  label?: string | null;
  publisher?: string | null;
  article?: { label: string; publisher?: string | null; publishedOn?: string | null; script?: string | null } | null;
}

/** The article a measure comes from: its headline (or curated label), publisher and the date where the article states it. */
export function SourceLine({ source }: { source: SourceLike }) {
  const title = source.headline ?? source.label ?? source.article?.label;
  const publisher = source.publisher ?? source.article?.publisher;
  const date = source.article?.publishedOn;
  return (
    <p class="source-line">
      <span class="muted">出处：</span>
      {title ? `《${title}》` : '未注明文章'}
      {publisher ? `，${publisher}` : ''}
      {date ? (
        <>
          ，<time dateTime={date}>{date}</time>
        </>
      ) : null}
    </p>
  );
}

const SCRIPT_LANG: Record<string, string> = { Hans: 'zh-Hans', Hant: 'zh-Hant', Latn: 'en' };

/**
 * The verbatim words of the source, as published (Traditional stays Traditional), and below them
 * the Simplified rendering where it differs.
 */
export function SourceQuote({ source }: { source: SourceLike }) {
  const verbatim = source.excerpt ?? source.excerptSimplified;
  if (!verbatim) return null;
  const simplified = source.excerptSimplified && source.excerptSimplified !== verbatim ? source.excerptSimplified : null;
  const script = source.article?.script ?? undefined;
  return (
    <figure class="quote">
      <blockquote lang={script ? SCRIPT_LANG[script] : undefined}>{verbatim}</blockquote>
      {simplified ? (
        <p class="simplified">
          <span class="muted">{script === 'Latn' ? '中文：' : '简体：'}</span>
          {simplified}
        </p>
      ) : null}
      <figcaption>
        <SourceLine source={source} />
      </figcaption>
    </figure>
  );
}

const LANGUAGES: Record<string, string> = { en: '英文', zh: '中文' };

export interface TitleLike {
  title: string;
  titleIsTranslation?: boolean | null;
  originalTitle?: string | null;
  originalTitleLanguage?: string | null;
}

/** 「译」 beside a title the data's curators translated, with the published original on hover and below. */
export function TranslationMark({ measure }: { measure: TitleLike }) {
  if (!measure.titleIsTranslation || !measure.originalTitle) return null;
  const language = LANGUAGES[measure.originalTitleLanguage ?? ''] ?? measure.originalTitleLanguage ?? '';
  return (
    <abbr class="translated" title={`译名；${language}原标题：${measure.originalTitle}`}>
      译
    </abbr>
  );
}

export function OriginalTitle({ measure }: { measure: TitleLike }) {
  if (!measure.titleIsTranslation || !measure.originalTitle) return null;
  const language = LANGUAGES[measure.originalTitleLanguage ?? ''] ?? measure.originalTitleLanguage ?? '';
  return (
    <p class="original-title">
      <span class="muted">{language}原标题：</span>
      <span lang={measure.originalTitleLanguage ?? undefined}>{measure.originalTitle}</span>
    </p>
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

export interface MeasureLike extends TitleLike {
  id: string;
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
        <TranslationMark measure={measure} />
      </Tag>
      <OriginalTitle measure={measure} />
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
