import { ENTITY_TYPE_NAMES, site } from "../content/index.ts";
import { paths } from "../feeds/index.ts";
import type { HttpError } from "../http/errors.ts";
import { Layout } from "./layout.tsx";
import { siteAlternate } from "./lists.tsx";

/**
 * An error as a page in the site's layout: what went wrong, where the visitor may have meant to
 * go (the suggestions), and the way on.
 */
export function errorPage(origin: string, problem: HttpError) {
	const wayOn = [
		{ href: paths.home(), label: `${site.title}: the latest articles` },
		...ENTITY_TYPE_NAMES.map((type) => ({ href: paths.directory(type), label: `Every ${type}` })),
	];
	return (
		<Layout
			origin={origin}
			path={undefined}
			title={problem.title}
			description={problem.detail}
			alternates={[siteAlternate(origin)]}
			refresh={problem.headers["retry-after"]}
		>
			<h1>{problem.title}</h1>
			<p>{problem.detail}</p>
			{problem.lines.length > 0 ? (
				<ul class="problems">
					{problem.lines.map((line) => (
						<li>
							<code>{line}</code>
						</li>
					))}
				</ul>
			) : null}
			{problem.links.length > 0 ? (
				<>
					<h2>Did you mean</h2>
					<ul class="entities">
						{problem.links.map((l) => (
							<li>
								<a href={l.href}>{l.label}</a>
							</li>
						))}
					</ul>
				</>
			) : null}
			<h2>Where to go from here</h2>
			<ul class="entities">
				{wayOn.map((l) => (
					<li>
						<a href={l.href}>{l.label}</a>
					</li>
				))}
			</ul>
		</Layout>
	);
}
