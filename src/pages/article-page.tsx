import { raw } from "hono/html";
import {
	type Article,
	articleHtml,
	ENTITY_TYPE_NAMES,
	entityOf,
	hasFeed,
	headingOfAll,
	isByline,
	needEntities,
} from "../content/index.ts";
import { showImage } from "../feeds/images.ts";
import { entityLabel, paths } from "../feeds/index.ts";
import { authorsOf } from "../feeds/model.ts";
import { Figure } from "./figure.tsx";
import { DateTime, Layout } from "./layout.tsx";
import { entityAlternate, siteAlternate } from "./lists.tsx";
import { articleData } from "./structured-data.ts";

/** An article in full, with the people and films it mentions; it advertises the site's feed first. */
export function articlePage(origin: string, article: Article) {
	// Whole (descriptions, aliases, images for JSON-LD), their files asked for at once.
	needEntities(article.entities);
	const tagged = article.entities.map(entityOf);
	const authors = authorsOf(origin, article);
	const image = article.image && showImage(origin, article.image);
	return (
		<Layout
			origin={origin}
			path={paths.article(article.slug)}
			title={article.title}
			description={article.summary}
			ogType="article"
			image={image}
			structuredData={articleData(origin, article)}
			alternates={[siteAlternate(origin), ...tagged.filter(hasFeed).map((e) => entityAlternate(origin, e))]}
		>
			<article>
				<h1>{article.title}</h1>
				<p class="meta">
					<DateTime iso={article.date} />
					{article.updated !== article.date ? (
						<>
							{" "}
							· updated <DateTime iso={article.updated} />
						</>
					) : null}
					{article.source ? <> · source: {article.source}</> : null}
					{authors.length ? (
						<>
							{" "}
							· by{" "}
							{authors.map((a, i) => (
								<>
									{i ? ", " : ""}
									{a.url?.startsWith(origin) ? <a href={a.url.slice(origin.length)}>{a.name}</a> : a.name}
								</>
							))}
						</>
					) : null}
				</p>
				{article.corrections?.length ? (
					<aside class="corrections" aria-label="Corrections">
						{article.corrections.toReversed().map((c) => (
							<p>
								<strong>
									Correction (<DateTime iso={c.date} />
									):
								</strong>{" "}
								{c.note}
							</p>
						))}
					</aside>
				) : null}
				{image ? <Figure image={image} class="lead" sizes="(max-width: 48rem) 100vw, 48rem" lead /> : null}
				{raw(articleHtml(article, origin))}
			</article>
			{tagged.some((e) => !isByline(e.type)) ? (
				<aside aria-labelledby="mentions">
					<h2 id="mentions">In this article</h2>
					{ENTITY_TYPE_NAMES.filter((type) => !isByline(type)).map((type) => {
						const group = tagged.filter((e) => e.type === type);
						return group.length ? (
							<>
								<h3>{headingOfAll(type)}</h3>
								<ul class="entities">
									{group.map((e) => (
										<li>
											<a href={paths.entity(e.type, e.slug)}>{entityLabel(e)}</a>
										</li>
									))}
								</ul>
							</>
						) : null;
					})}
				</aside>
			) : null}
		</Layout>
	);
}
