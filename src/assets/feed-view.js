// Turns an RSS or Atom feed that a browser opened into a readable XHTML page: what the feed is,
// how to subscribe, and its items as links. Feed readers ignore this script element entirely.
(() => {
	const XHTML = "http://www.w3.org/1999/xhtml";
	const ATOM = "http://www.w3.org/2005/Atom";
	const doc = document;
	const root = doc.documentElement;
	const isAtom = root.namespaceURI === ATOM;
	const child = (el, name) => {
		for (const c of el.children) if (c.localName === name && (!isAtom || c.namespaceURI === ATOM)) return c;
		return null;
	};
	const text = (el, name) => child(el, name)?.textContent?.trim() ?? "";
	const channel = isAtom ? root : child(root, "channel");
	if (!channel) return;
	const el = (name, attrs = {}, ...kids) => {
		const e = doc.createElementNS(XHTML, name);
		for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
		for (const k of kids) e.append(k);
		return e;
	};
	// Atom titles and RSS descriptions hold escaped HTML: decode it to text in an inert document.
	const plain = (html) => new DOMParser().parseFromString(html, "text/html").body.textContent?.trim() ?? "";
	const safe = (href) => (/^https?:\/\//i.test(href) ? href : "#");
	const linkOf = (item) => {
		if (!isAtom) return text(item, "link");
		for (const l of item.children)
			if (l.localName === "link" && (l.getAttribute("rel") ?? "alternate") === "alternate")
				return l.getAttribute("href") ?? "";
		return "";
	};
	const title = text(channel, "title");
	const items = [...channel.children].filter((c) => c.localName === (isAtom ? "entry" : "item"));
	const list = el("ul", { class: "items" });
	for (const item of items) {
		const date = text(item, isAtom ? "published" : "pubDate");
		const when = date ? new Date(date) : null;
		const li = el("li", {}, el("a", { href: safe(linkOf(item)) }, plain(text(item, "title"))));
		if (when && !Number.isNaN(when.getTime()))
			li.append(" ", el("small", {}, el("time", { datetime: when.toISOString() }, when.toISOString().slice(0, 10))));
		const summary = plain(text(item, isAtom ? "summary" : "description"));
		if (summary) li.append(el("p", {}, summary));
		list.append(li);
	}
	const field = el("input", {
		id: "feed-url",
		readonly: "readonly",
		value: location.href,
		"aria-label": "Feed address",
	});
	const status = el("span", { id: "feed-url-status", role: "status" });
	const copy = el("button", { type: "button" }, "Copy");
	copy.addEventListener("click", async () => {
		try {
			await navigator.clipboard.writeText(location.href);
			status.textContent = "Copied.";
		} catch {
			field.select();
		}
	});
	const html = el(
		"html",
		{ lang: root.getAttribute("xml:lang") ?? "en" },
		el(
			"head",
			{},
			el("title", {}, `${title} (feed)`),
			el("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
			el("link", { rel: "stylesheet", href: "/assets/site.css" }),
		),
		el(
			"body",
			{},
			el(
				"main",
				{},
				el("h1", {}, title),
				el("p", {}, text(channel, isAtom ? "subtitle" : "description")),
				el(
					"section",
					{ class: "subscribe", "aria-labelledby": "how" },
					el("h2", { id: "how" }, "Subscribe"),
					el(
						"p",
						{},
						`This is a web feed (${isAtom ? "Atom" : "RSS"}). Copy its address into a feed reader (NetNewsWire, Feedly, Inoreader, Miniflux…) to get every new article as it is published.`,
					),
					el("div", { class: "copy-row" }, field, copy, status),
				),
				el("h2", {}, `${items.length} latest`),
				list,
			),
		),
	);
	doc.replaceChild(html, root);
})();
