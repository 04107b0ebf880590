import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { site } from "../content/index.ts";
import { type FeedLinks, FORMATS, type FormatName } from "../feeds/index.ts";

/** A feed a page advertises for autodiscovery, in every format; `first` leads when given. */
export type Alternate = { title: string; feeds: FeedLinks; first?: FormatName };

const IN_ORDER = Object.values(FORMATS);

/** How an embed page is coloured: as the embedder chooses (see embedPage). */
export type Theme = "light" | "dark" | "auto";

/**
 * A date as every page, the embed and <reelfeed-list> write it: "2020-05-05" (ISO 8601, the same
 * in every language and time zone), in a <time> that never breaks across lines.
 */
export const day = (iso: string) => iso.slice(0, 10);

export function DateTime(props: { iso: string }) {
	return <time datetime={props.iso}>{day(props.iso)}</time>;
}

type Section = "home" | "people" | "films" | undefined;

/**
 * The page shell: title, description, canonical link, Open Graph, and feed autodiscovery for
 * every feed relevant to the page; a skip link, landmarks and the one stylesheet.
 */
export function Layout(props: {
	origin: string;
	/** The page's own path, for its canonical link; undefined for an error, which has none and is not indexed. */
	path: string | undefined;
	title: string;
	description: string;
	alternates: Alternate[];
	section?: Section;
	ogType?: "website" | "article";
	scripts?: string[];
	bodyClass?: string;
	/** Set on embed pages only; other pages follow the visitor's system. */
	theme?: Theme;
	/** Seconds after which the browser loads the page again (the dev server's broken-content page). */
	refresh?: string | undefined;
	children: Child;
}) {
	const title = props.title === site.title ? site.title : `${props.title} — ${site.title}`;
	const url = props.path === undefined ? undefined : props.origin + props.path;
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
			<html lang={site.language} data-theme={props.theme}>
				<head>
					<meta charset="utf-8" />
					<meta name="viewport" content="width=device-width, initial-scale=1" />
					{props.refresh ? <meta http-equiv="refresh" content={props.refresh} /> : null}
					<title>{title}</title>
					<meta name="description" content={props.description} />
					{url ? <link rel="canonical" href={url} /> : <meta name="robots" content="noindex" />}
					<meta property="og:site_name" content={site.title} />
					<meta property="og:type" content={props.ogType ?? "website"} />
					<meta property="og:title" content={props.title} />
					<meta property="og:description" content={props.description} />
					{url ? <meta property="og:url" content={url} /> : null}
					{/* A reader given this page subscribes to the first alternate: the page's own feed comes first. */}
					{props.alternates.flatMap((alt) =>
						[...IN_ORDER]
							.sort((a, b) => Number(b.name === alt.first) - Number(a.name === alt.first))
							.map((f) => (
								<link rel="alternate" type={f.mediaType} title={`${alt.title} (${f.label})`} href={alt.feeds[f.name]} />
							)),
					)}
					<link rel="icon" href="/favicon.ico" sizes="32x32" />
					<link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
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
	// Tall enough for the whole value at the narrowest width it is shown at (a phone, about 36
	// characters of monospace a line), so no part of a snippet is hidden; CSS sizes it to its
	// content where the browser can (field-sizing).
	const rows = props.value.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 36)), 0);
	return (
		<div class="copy-row">
			<label for={props.id}>{props.label}</label>
			{props.multiline ? (
				<textarea id={props.id} readonly rows={rows} spellcheck={false}>
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
