import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { ENTITY_TYPE_NAMES, ENTITY_TYPES, type EntityType, site } from "../content/index.ts";
import { ICONS, iconUrl } from "../feeds/icons.ts";
import type { ShownImage } from "../feeds/images.ts";
import { type FeedLinks, FORMATS, type FormatName, feedLinks, paths } from "../feeds/index.ts";
import { JsonLd } from "./structured-data.ts";

/** A feed a page advertises for autodiscovery, in every format; `first` leads when given. */
export type Alternate = { title: string; feeds: FeedLinks; first?: FormatName };

const IN_ORDER = Object.values(FORMATS);

const siteFeeds = (origin: string) => feedLinks(origin, { type: "site" });

/** Items in a sentence: "a, b and c" (or "a, b, c" with last=", "). */
function Joined(props: { items: Child[]; last?: string }) {
	return (
		<>
			{props.items.map((item, i) => (
				<>
					{i === 0 ? "" : i === props.items.length - 1 ? (props.last ?? ", ") : ", "}
					{item}
				</>
			))}
		</>
	);
}

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

/** Where a page belongs in the site's navigation: the home page, or a type's directory. */
export type Section = "home" | EntityType | undefined;

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
	/** What link previews show of the page: its image (a large card), else the site's icon. */
	image?: ShownImage | undefined;
	/** schema.org data about the page (see structured-data.ts). */
	structuredData?: Record<string, unknown>;
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
					<PreviewImage origin={props.origin} image={props.image} />
					{/* A reader given this page subscribes to the first alternate: the page's own feed comes first. */}
					{props.alternates.flatMap((alt) =>
						[...IN_ORDER]
							.sort((a, b) => Number(b.name === alt.first) - Number(a.name === alt.first))
							.map((f) => (
								<link rel="alternate" type={f.mediaType} title={`${alt.title} (${f.label})`} href={alt.feeds[f.name]} />
							)),
					)}
					<link rel="icon" href={paths.favicon()} sizes="48x48" />
					<link rel="icon" href={paths.asset(ICONS.svg.file)} type="image/svg+xml" />
					<link rel="apple-touch-icon" href={paths.asset(ICONS.touch.file)} />
					<link rel="manifest" href={paths.manifest()} />
					<link rel="stylesheet" href={paths.asset("site.css")} />
					{props.structuredData ? <JsonLd data={props.structuredData} /> : null}
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
										{nav(paths.home(), site.title, "home")}
										{ENTITY_TYPE_NAMES.map((type) => nav(paths.directory(type), ENTITY_TYPES[type].heading, type))}
									</ul>
								</nav>
							</header>
						</>
					)}
					<main id="main">{props.children}</main>
					{props.bodyClass === "embed" ? null : (
						<footer>
							<p>
								Every article:{" "}
								<Joined items={IN_ORDER.map((f) => <a href={siteFeeds(props.origin)[f.name]}>{f.label}</a>)} />. Every
								feed at once: <a href={props.origin + paths.opml()}>OPML</a>. For developers:{" "}
								<Joined
									items={ENTITY_TYPE_NAMES.map((type) => <a href={paths.api(type)}>{ENTITY_TYPES[type].plural}</a>)}
									last=" and "
								/>{" "}
								as JSON.
							</p>
						</footer>
					)}
				</body>
			</html>
		</>
	);
}

/**
 * og:image with its size, type and alt text (Open Graph), and the Twitter card: a large image for a
 * page that has one, else the site's square icon on a summary card.
 */
function PreviewImage(props: { origin: string; image: ShownImage | undefined }) {
	const image = props.image ?? {
		url: iconUrl(props.origin, "large"),
		width: ICONS.large.width,
		height: ICONS.large.height,
		type: ICONS.large.type,
		alt: site.title,
	};
	return (
		<>
			<meta property="og:image" content={image.url} />
			<meta property="og:image:type" content={image.type} />
			<meta property="og:image:width" content={String(image.width)} />
			<meta property="og:image:height" content={String(image.height)} />
			<meta property="og:image:alt" content={image.alt} />
			<meta name="twitter:card" content={props.image ? "summary_large_image" : "summary"} />
			<meta name="twitter:image" content={image.url} />
			<meta name="twitter:image:alt" content={image.alt} />
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

/** A feed's URL in every format, each ready to copy, with a line for people new to feeds. */
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
