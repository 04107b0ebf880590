import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { site } from "../content/index.ts";
import { type FeedLinks, FORMATS } from "../feeds/index.ts";

export type Alternate = { title: string; feeds: FeedLinks };

const IN_ORDER = Object.values(FORMATS);

type Section = "home" | "people" | "films" | undefined;

/**
 * The page shell: title, description, canonical link, Open Graph, and feed autodiscovery for
 * every feed relevant to the page; a skip link, landmarks and the one stylesheet.
 */
export function Layout(props: {
	origin: string;
	path: string;
	title: string;
	description: string;
	alternates: Alternate[];
	section?: Section;
	ogType?: "website" | "article";
	scripts?: string[];
	bodyClass?: string;
	children: Child;
}) {
	const title = props.title === site.title ? site.title : `${props.title} — ${site.title}`;
	const url = props.origin + props.path;
	const nav = (href: string, label: string, section: Section) => (
		<li>
			<a href={href} aria-current={props.section === section ? "page" : undefined}>
				{label}
			</a>
		</li>
	);
	return (
		<>
			{raw("<!DOCTYPE html>")}
			<html lang={site.language}>
				<head>
					<meta charset="utf-8" />
					<meta name="viewport" content="width=device-width, initial-scale=1" />
					<title>{title}</title>
					<meta name="description" content={props.description} />
					<link rel="canonical" href={url} />
					<meta property="og:site_name" content={site.title} />
					<meta property="og:type" content={props.ogType ?? "website"} />
					<meta property="og:title" content={props.title} />
					<meta property="og:description" content={props.description} />
					<meta property="og:url" content={url} />
					{props.alternates.flatMap((alt) =>
						IN_ORDER.map((f) => (
							<link rel="alternate" type={f.mediaType} title={`${alt.title} (${f.label})`} href={alt.feeds[f.name]} />
						)),
					)}
					<link rel="stylesheet" href="/assets/site.css" />
					{(props.scripts ?? []).map((src) => (
						<script src={src} defer />
					))}
				</head>
				<body class={props.bodyClass}>
					{props.bodyClass === "embed" ? null : (
						<>
							<a class="skip" href="#main">
								Skip to content
							</a>
							<header>
								<nav aria-label="Site">
									<ul>
										{nav("/", site.title, "home")}
										{nav("/people", "People", "people")}
										{nav("/films", "Films", "films")}
									</ul>
								</nav>
							</header>
						</>
					)}
					<main id="main">{props.children}</main>
					{props.bodyClass === "embed" ? null : (
						<footer>
							<p>
								Every article: <a href={`${props.origin}/feed.xml`}>RSS</a>,{" "}
								<a href={`${props.origin}/feed.atom`}>Atom</a>, <a href={`${props.origin}/feed.json`}>JSON Feed</a>.
								Every feed at once: <a href={`${props.origin}/feeds.opml`}>OPML</a>. For developers:{" "}
								<a href="/api/people.json">people</a> and <a href="/api/films.json">films</a> as JSON.
							</p>
						</footer>
					)}
				</body>
			</html>
		</>
	);
}

/** A read-only field with a copy button (shown by /assets/copy.js; without it, select and copy). */
export function CopyField(props: { id: string; label: string; value: string; multiline?: boolean }) {
	return (
		<div class="copy-row">
			<label for={props.id}>{props.label}</label>
			{props.multiline ? (
				<textarea id={props.id} readonly rows={3}>
					{props.value}
				</textarea>
			) : (
				<input id={props.id} type="text" readonly value={props.value} />
			)}
			<button type="button" data-copy={props.id} hidden aria-describedby={`${props.id}-status`}>
				Copy
			</button>
			<span id={`${props.id}-status`} role="status" />
		</div>
	);
}

/** The three feed URLs of a feed, each ready to copy, with a line for people new to feeds. */
export function SubscribeBox(props: { id: string; title: string; feeds: FeedLinks }) {
	return (
		<section class="subscribe" aria-labelledby={`${props.id}-heading`}>
			<h2 id={`${props.id}-heading`}>{props.title}</h2>
			<p>
				New to feeds? A feed reader (NetNewsWire, Feedly, Inoreader, Miniflux…) checks an address like these for you and
				shows each new article as it is published. Copy one and paste it into your reader's "add feed" box; RSS works
				everywhere.
			</p>
			{IN_ORDER.map((f) => (
				<CopyField id={`${props.id}-${f.name}`} label={f.label} value={props.feeds[f.name]} />
			))}
		</section>
	);
}
