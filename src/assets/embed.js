// <reelfeed-list src="https://…/feed/person/joe-russo.json" limit="5" thumbnails></reelfeed-list>
// Shows a JSON Feed's latest items as links with dates, in a shadow root; with `thumbnails`, each
// beside its lead image's thumbnail (reelfeed's _reelfeed.image, else JSON Feed's `image`). Style it
// from the host page with --reelfeed-font, --reelfeed-color, --reelfeed-link, --reelfeed-muted,
// --reelfeed-gap, --reelfeed-thumbnail-width.
// Feed text only ever goes through textContent and setAttribute, never innerHTML.
(() => {
	if (customElements.get("reelfeed-list")) return;
	const STYLE = `:host{display:block;font:var(--reelfeed-font,inherit);color:var(--reelfeed-color,inherit)}
ul{list-style:none;margin:0;padding:0;display:grid;gap:var(--reelfeed-gap,.5rem)}
a{color:var(--reelfeed-link,#0b57d0)}a:focus-visible{outline:2px solid currentColor;outline-offset:2px}
time,.state{color:var(--reelfeed-muted,#595959);font-size:.875em}time{margin-left:.4em;white-space:nowrap}
.thumbs li{display:grid;grid-template-columns:var(--reelfeed-thumbnail-width,6rem) 1fr;gap:.6em;align-items:start}
.thumbs img,.thumbs .none{display:block;width:100%;height:calc(var(--reelfeed-thumbnail-width,6rem)*9/16);object-fit:cover;overflow:hidden;font-size:.75em;border-radius:4px;background:rgba(127,127,127,.15)}`;

	/** An http(s) URL from the feed, or null: nothing else becomes an attribute. */
	const webUrl = (value) => (typeof value === "string" && /^https?:\/\//i.test(value) ? value : null);

	/** The item's thumbnail and its alt text: reelfeed's extension, else JSON Feed's main image. */
	function thumbnailOf(item) {
		const own = item._reelfeed?.image;
		const url = webUrl(own?.thumbnail?.url) ?? webUrl(item.image);
		if (!url) return null;
		const img = document.createElement("img");
		img.setAttribute("src", url);
		img.setAttribute("alt", typeof own?.alt === "string" ? own.alt : "");
		const size = own?.thumbnail;
		if (Number.isInteger(size?.width) && Number.isInteger(size?.height)) {
			img.setAttribute("width", String(size.width));
			img.setAttribute("height", String(size.height));
		}
		img.setAttribute("loading", "lazy");
		img.setAttribute("decoding", "async");
		return img;
	}

	class ReelfeedList extends HTMLElement {
		static observedAttributes = ["src", "limit", "thumbnails"];
		#root = this.attachShadow({ mode: "open" });
		#run = 0;

		connectedCallback() {
			this.#load();
		}

		attributeChangedCallback() {
			if (this.isConnected) this.#load();
		}

		#state(message, role) {
			const p = document.createElement("p");
			p.className = "state";
			p.setAttribute("role", role);
			p.textContent = message;
			return p;
		}

		#show(...nodes) {
			const style = document.createElement("style");
			style.textContent = STYLE;
			this.#root.replaceChildren(style, ...nodes);
		}

		async #load() {
			const run = ++this.#run;
			const src = this.getAttribute("src");
			const limit = Math.min(100, Math.max(1, Number.parseInt(this.getAttribute("limit") ?? "5", 10) || 5));
			this.setAttribute("aria-busy", "true");
			this.#show(this.#state("Loading…", "status"));
			try {
				if (!src) throw new Error("no src attribute");
				const res = await fetch(src, { headers: { accept: "application/feed+json" } });
				if (!res.ok) throw new Error(`HTTP ${res.status}`);
				const feed = await res.json();
				if (run !== this.#run) return;
				const thumbnails = this.hasAttribute("thumbnails");
				const list = document.createElement("ul");
				if (thumbnails) list.className = "thumbs";
				list.setAttribute("aria-label", typeof feed.title === "string" ? feed.title : "Latest articles");
				for (const item of (Array.isArray(feed.items) ? feed.items : []).slice(0, limit)) {
					const li = document.createElement("li");
					const a = document.createElement("a");
					const url = webUrl(item.url);
					if (url) a.setAttribute("href", url);
					a.textContent = String(item.title ?? item.url ?? "Untitled");
					// With thumbnails, the link and date are one cell beside the image (or its empty place).
					const text = thumbnails ? document.createElement("span") : li;
					if (thumbnails) {
						const none = document.createElement("span");
						none.className = "none";
						li.append(thumbnailOf(item) ?? none, text);
					}
					text.append(a);
					const date = new Date(item.date_published);
					if (!Number.isNaN(date.getTime())) {
						const time = document.createElement("time");
						time.setAttribute("datetime", date.toISOString());
						// As every reelfeed page and the iframe write it: "2020-05-05".
						time.textContent = date.toISOString().slice(0, 10);
						text.append(time);
					}
					list.append(li);
				}
				this.#show(list.children.length ? list : this.#state("No articles yet.", "status"));
			} catch (error) {
				if (run !== this.#run) return;
				this.#show(
					this.#state(`This feed could not be loaded (${error instanceof Error ? error.message : "error"}).`, "alert"),
				);
			} finally {
				if (run === this.#run) this.removeAttribute("aria-busy");
			}
		}
	}
	customElements.define("reelfeed-list", ReelfeedList);
})();
