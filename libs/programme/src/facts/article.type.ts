import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ARTICLE_SCRIPTS, type ArticleScript as Script } from '@hkp/policy-model/dataset';

export const ArticleScript = Object.fromEntries(ARTICLE_SCRIPTS.map((s) => [s, s])) as { readonly [S in Script]: S };
export type ArticleScript = Script;
registerEnumType(ArticleScript, {
  name: 'ArticleScript',
  description: 'The script an article is published in (ISO 15924): Hans (Simplified), Hant (Traditional), Latn (Latin).',
});

@ObjectType('Article', {
  description:
    'A published article the facts are taken from (a seed of the data set), with what a page prints as its source: headline or label, publisher, date.',
})
export class Article {
  @Field(() => ID, { description: 'Stable public id, e.g. nanfang-daily-2023-11-17-vertical-assistance.' })
  id: string;

  @Field(() => String, {
    nullable: true,
    description: 'The published headline, script as published (scraping noise removed); null when the article has none (see label).',
  })
  headline: string | null;

  @Field(() => String, { nullable: true, description: 'The headline in Simplified Chinese; null with the headline.' })
  headlineSimplified: string | null;

  @Field(() => String, { nullable: true, description: 'A second headline line published under the headline.' })
  subheadline: string | null;

  @Field({
    description:
      "What to print as the article's name, in Simplified Chinese: the headline, or, when the article has none, a description written by the data's curators (labelIsCurated).",
  })
  label: string;

  @Field({ description: 'True when label is a curated description and not the published headline.' })
  labelIsCurated: boolean;

  @Field(() => String, { nullable: true, description: 'The publisher the article names (南方日报 …); null when it names none.' })
  publisher: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'When it was published, ISO 8601 with its offset, where the article states the time.',
  })
  publishedAt: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The day it was published (YYYY-MM-DD, or YYYY-MM, YYYY) where the article states it.',
  })
  publishedOn: string | null;

  @Field({ description: 'The language of its text, BCP 47: zh or en.' })
  language: string;

  @Field(() => ArticleScript)
  script: ArticleScript;

  @Field({ description: 'The seed file of the data set it was copied from (data/seeds/<seed>.txt).' })
  seed: string;
}
