import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { site } from "../content/index.ts";
import type { FeedLinks } from "../feeds/index.ts";

export type Alternate = { title: string; feeds: FeedLinks };

const TYPES = {
	rss: "application/rss+xml",
	atom: "application/atom+xml",
	json: "application/feed+json",
} as const;
const NAMES = { rss: "RSS", atom: "Atom", json: "JSON Feed" } as const;

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfc;--muted:#5b5b5b;--link:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--bg:#16171a;--muted:#a8a8a8;--link:#8ab4f8}}
body{font:1.05rem/1.6 system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:42rem;margin:0 auto;padding:1rem}
a{color:var(--link)}small,.meta{color:var(--muted)}li{margin:.25rem 0}
header nav a{margin-right:1rem}`;

/** The page shell: title, description, canonical link and feed autodiscovery for every page. */
export function Layout(props: {
	origin: string;
	path: string;
	title: string;
	description: string;
	alternates: Alternate[];
	children: Child;
}) {
	const title = props.title === site.title ? site.title : `${props.title} — ${site.title}`;
	return (
		<>
			{raw("<!DOCTYPE html>")}
			<html lang={site.language}>
				<head>
					<meta charset="utf-8" />
					<meta name="viewport" content="width=device-width, initial-scale=1" />
					<title>{title}</title>
					<meta name="description" content={props.description} />
					<link rel="canonical" href={props.origin + props.path} />
					{props.alternates.flatMap((alt) =>
						(["rss", "atom", "json"] as const).map((f) => (
							<link rel="alternate" type={TYPES[f]} title={`${alt.title} (${NAMES[f]})`} href={alt.feeds[f]} />
						)),
					)}
					<style>{STYLE}</style>
				</head>
				<body>
					<header>
						<nav aria-label="Site">
							<a href="/">{site.title}</a>
						</nav>
					</header>
					<main>{props.children}</main>
				</body>
			</html>
		</>
	);
}

export function FeedList(props: { feeds: FeedLinks }) {
	return (
		<ul>
			{(["rss", "atom", "json"] as const).map((f) => (
				<li>
					<a href={props.feeds[f]}>{NAMES[f]}</a>: <code>{props.feeds[f]}</code>
				</li>
			))}
		</ul>
	);
}
