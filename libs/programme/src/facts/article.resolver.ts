import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { ProgrammeContext } from '../programme.context';
import { Provenance } from '../catalog/policy-measure.type';
import { Article } from './article.type';
import { FactSource } from './programme-facts.type';

@Resolver(() => Article)
export class ArticleResolver {
  @Query(() => Article, { nullable: true, description: 'One source article by its public id.' })
  article(@Arg('id', () => ID) id: string, @Ctx() ctx: ProgrammeContext): Promise<Article | null> {
    return ctx.facts.article(id);
  }

  @Query(() => [Article], { description: 'Every article the data is taken from, by id.' })
  articles(@Ctx() ctx: ProgrammeContext): Promise<Article[]> {
    return ctx.facts.articles();
  }
}

/** A measure's or target's source: its article, and the article's name and publisher to print beside the passage. */
@Resolver(() => Provenance)
export class ProvenanceArticleResolver {
  @FieldResolver(() => Article, {
    nullable: true,
    description: 'The article the passage is quoted from; null for measures a department entered through the API.',
  })
  article(@Root() source: Provenance, @Ctx() ctx: ProgrammeContext): Promise<Article | null> {
    return source.articleId ? ctx.facts.article(source.articleId) : Promise.resolve(null);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The article's published headline (article.headline); null when it has none: print label then.",
  })
  async headline(@Root() source: Provenance, @Ctx() ctx: ProgrammeContext): Promise<string | null> {
    return (await this.article(source, ctx))?.headline ?? null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "What to print as the source's name (article.label): the Simplified headline, or a curated description of an article without one.",
  })
  async label(@Root() source: Provenance, @Ctx() ctx: ProgrammeContext): Promise<string | null> {
    return (await this.article(source, ctx))?.label ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The publisher the article names (article.publisher).' })
  async publisher(@Root() source: Provenance, @Ctx() ctx: ProgrammeContext): Promise<string | null> {
    return (await this.article(source, ctx))?.publisher ?? null;
  }
}

@Resolver(() => FactSource)
export class FactSourceArticleResolver {
  @FieldResolver(() => Article, { nullable: true, description: 'The article the passage is quoted from.' })
  article(@Root() source: FactSource, @Ctx() ctx: ProgrammeContext): Promise<Article | null> {
    return source.articleId ? ctx.facts.article(source.articleId) : Promise.resolve(null);
  }
}
