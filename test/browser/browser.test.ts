import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const { skip, worker, embedder, chromium: executablePath } = inject("browser");
/** Where the screenshots go; CI keeps them as evidence of what a person sees. */
const SHOTS = join(process.cwd(), "test-results/screenshots");

describe.skipIf(skip !== undefined)("in Chromium", () => {
	let browser: Browser;
	let context: BrowserContext;

	beforeAll(async () => {
		mkdirSync(SHOTS, { recursive: true });
		console.log(`screenshots: ${SHOTS}`);
		browser = await chromium.launch({
			executablePath,
			// As root and on a closed network: no sandbox, and nothing that phones home.
			args: [
				"--no-sandbox",
				"--disable-gpu",
				"--disable-quic",
				"--no-first-run",
				"--disable-background-networking",
				"--disable-component-update",
				"--disable-sync",
			],
		});
		context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
	});

	afterAll(async () => {
		await browser?.close();
	});

	const open = async (url: string, shot: string, ctx: BrowserContext = context): Promise<Page> => {
		const page = await ctx.newPage();
		const res = await page.goto(url);
		expect(res?.status(), url).toBe(200);
		await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
		return page;
	};

	it("shows the home page with the latest articles, whose links work", async () => {
		const page = await open(`${worker}/`, "home");
		const links = page.getByRole("main").locator('a[href^="/articles/"]');
		expect(await links.count()).toBe(3);
		const title = (await links.first().textContent())?.trim();
		await links.first().click();
		await page.waitForURL(/\/articles\//);
		await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
		await page.screenshot({ path: join(SHOTS, "article.png"), fullPage: true });
	});

	it("offers a person's feeds for autodiscovery and copies a feed URL to the clipboard", async () => {
		const ctx = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
		const page = await open(`${worker}/people/joe-russo`, "person", ctx);
		const discovered = await page.$$eval('link[rel="alternate"]', (links) =>
			links.map((l) => [l.getAttribute("type"), l.getAttribute("href")]),
		);
		expect(discovered).toContainEqual(["application/rss+xml", `${worker}/feed/person/joe-russo.xml`]);
		expect(discovered).toContainEqual(["application/feed+json", `${worker}/feed/person/joe-russo.json`]);
		const button = page.locator('button[data-copy="feeds-atom"]');
		await expect.poll(() => button.isVisible()).toBe(true);
		await button.click();
		await expect.poll(() => page.locator("#feeds-atom-status").textContent()).toBe("Copied.");
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${worker}/feed/person/joe-russo.atom`);
		// The field is labelled, so a screen reader names it.
		expect(await page.getByLabel("Atom", { exact: true }).inputValue()).toBe(`${worker}/feed/person/joe-russo.atom`);
		await ctx.close();
	});

	/** A feed's items as a reader sees them, by link, from the feed itself (fetched as a reader would). */
	const feedLinks = async (url: string) => {
		const xml = await (await fetch(url)).text();
		return [...xml.matchAll(/<link>([^<]+)<\/link>|<link href="([^"]+)"\/>/g)]
			.map((m) => m[1] ?? m[2])
			.filter((href) => href?.includes("/articles/"));
	};

	for (const [feed, label] of [
		["/feed.xml", "RSS"],
		["/feed/person/joe-russo.atom", "Atom"],
		["/feed/film/extraction.atom?limit=2", "Atom"],
	] as const) {
		for (const javaScript of [true, false]) {
			it(`shows ${feed} as a readable page with JavaScript ${javaScript ? "on" : "off"}: what it is, how to subscribe, its items, the way back`, async () => {
				const ctx = javaScript
					? context
					: await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
				const page = await open(
					`${worker}${feed}`,
					`feed-${label.toLowerCase()}-${javaScript ? "js" : "no-js"}-${feed.replace(/\W+/g, "-")}`,
					ctx,
				);
				expect(await page.getByRole("heading", { level: 1 }).isVisible()).toBe(true);
				expect(await page.getByRole("heading", { name: "Subscribe" }).isVisible()).toBe(true);
				expect(await page.getByText(`This page is a web feed (${label})`).isVisible()).toBe(true);
				expect(await page.getByLabel("Address").inputValue()).toBe(`${worker}${feed}`);
				const shown = await page
					.locator("ul.feed-items > li > a")
					.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
				expect(shown).toEqual(await feedLinks(`${worker}${feed}`));
				expect(shown.length).toBeGreaterThan(0);
				expect(await page.locator("header nav a").first().getAttribute("href")).toBe("/");
				expect(await page.locator("body").textContent()).not.toContain("<?xml");
				if (javaScript) {
					// The copy button appears with JavaScript, and copies the address.
					expect(await page.locator('button[data-copy="feed-url"]').isVisible()).toBe(true);
				} else await ctx.close();
			});
		}
	}

	for (const [device, viewport] of [
		["desktop", { width: 1000, height: 900 }],
		["phone", { width: 360, height: 740 }],
	] as const) {
		for (const javaScript of [true, false]) {
			it(`follows several at once on /follow, on a ${device} with JavaScript ${javaScript ? "on" : "off"}: pick, submit, one feed`, async () => {
				const ctx = await browser.newContext({ viewport, javaScriptEnabled: javaScript, isMobile: device === "phone" });
				const tag = `follow-${device}-${javaScript ? "js" : "no-js"}`;
				// From an entity page, with that entity already picked.
				const start = await open(`${worker}/films/extraction-2`, `${tag}-from`, ctx);
				await start.getByRole("link", { name: /Follow Extraction 2 with others/ }).click();
				await start.waitForURL(`${worker}/follow?film=extraction-2`);
				expect(await start.getByRole("checkbox", { name: /Extraction 2/ }).isChecked()).toBe(true);
				await start.getByRole("checkbox", { name: /Tom Holland/ }).check();
				await start.getByRole("checkbox", { name: /The Simpsons/ }).check();
				await start.getByRole("radio", { name: "any of them" }).check();
				await start.getByRole("button", { name: "Make my feed" }).click();
				await start.waitForURL(/\/follow\?/);
				await start.screenshot({ path: join(SHOTS, `${tag}.png`), fullPage: true });
				const search = "?film=extraction-2&match=any&person=tom-holland&series=the-simpsons";
				expect(await start.getByLabel("RSS", { exact: true }).inputValue()).toBe(`${worker}/feed.xml${search}`);
				const preview = await start
					.locator("ul.items a")
					.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
				expect(preview).toEqual(await feedLinks(`${worker}/feed.xml${search}`));
				expect(preview.length).toBeGreaterThan(1);
				expect(await start.locator('button[data-copy="follow-rss"]').isVisible()).toBe(javaScript);
				await ctx.close();
			});
		}
	}

	it("shows a 404 page with the suggestion, in the site's layout, for a mistyped page", async () => {
		const page = await context.newPage();
		const res = await page.goto(`${worker}/people/joe-rusoo`);
		expect(res?.status()).toBe(404);
		await page.screenshot({ path: join(SHOTS, "not-found.png"), fullPage: true });
		expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Not Found");
		await page.getByRole("link", { name: "Joe Russo" }).click();
		await page.waitForURL(`${worker}/people/joe-russo`);
		await page.close();
	});

	it("asks the browser for no favicon that is missing", async () => {
		const page = await context.newPage();
		const missing: string[] = [];
		page.on("response", (r) => {
			if (r.status() >= 400) missing.push(r.url());
		});
		await page.goto(`${worker}/`);
		expect((await page.request.get(`${worker}/favicon.ico`)).status()).toBe(200);
		expect((await page.request.get(`${worker}/assets/icon.svg`)).status()).toBe(200);
		expect(missing).toEqual([]);
		await page.close();
	});

	it("keeps every date on one line, and shows each embed snippet whole, on a phone", async () => {
		const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
		for (const path of ["/", "/people/joe-russo", `/articles/joe-russo-talks-extraction`, "/feed.xml"]) {
			const page = await open(`${worker}${path}`, `phone-dates-${path.replace(/\W+/g, "-")}`, phone);
			const lines = await page.locator("time").evaluateAll((times) => times.map((t) => t.getClientRects().length));
			expect(lines.length, path).toBeGreaterThan(0);
			expect(new Set(lines), path).toEqual(new Set([1]));
			if (path === "/people/joe-russo") {
				for (const id of ["embed-element", "embed-iframe"]) {
					const fits = await page.locator(`#${id}`).evaluate((t) => t.scrollHeight <= t.clientHeight + 1);
					expect(fits, id).toBe(true);
				}
			}
			await page.close();
		}
		await phone.close();
	});

	it("lets a page on another origin embed the custom element and the iframe, both showing the items", async () => {
		const page = await open(`${embedder}/`, "embedder");
		const list = page.locator("#list");
		await expect.poll(() => list.locator("a").count()).toBe(2);
		expect(await list.locator("a").first().getAttribute("href")).toBe(
			`${worker}/articles/joe-russo-returns-to-write-extraction-2`,
		);
		expect(await list.locator("time").first().getAttribute("datetime")).toBe("2020-05-05T00:00:00.000Z");
		expect(await list.getAttribute("aria-busy")).toBeNull();
		const color = await list
			.locator("a")
			.first()
			.evaluate((a) => getComputedStyle(a).color);
		expect(color).toBe("rgb(102, 51, 153)");
		const frame = page.frameLocator("#frame");
		await expect.poll(() => frame.locator('a[href^="/articles/"]').count()).toBe(3);
		// The element and the frame write the same date the same way.
		expect(await list.locator("time").first().textContent()).toBe("2020-05-05");
		expect(await frame.locator("time").first().textContent()).toBe("2020-05-05");
		await page.screenshot({ path: join(SHOTS, "embedder.png"), fullPage: true });
	});

	for (const device of ["desktop", "phone"] as const)
		it(`shows thumbnails in both embeds when the embedder asks, on a ${device}`, async () => {
			const ctx =
				device === "phone"
					? await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
					: context;
			const page = await ctx.newPage();
			await page.goto(`${embedder}/`);
			const list = page.locator("#thumbs");
			await expect.poll(() => list.locator("li").count()).toBe(3);
			// The fixture's published image loads at its thumbnail size; the remote one (an example.org
			// address, unreachable here) and the article without an image keep their places.
			const local = list.locator('img[alt^="A film set at dusk"]');
			// Thumbnails load lazily, when scrolled to.
			await local.scrollIntoViewIfNeeded();
			await expect.poll(() => local.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
			expect(await list.locator("img").count()).toBe(2);
			const frame = page.frameLocator("#thumbframe");
			const framed = frame.locator('img[alt^="A film set at dusk"]');
			await framed.scrollIntoViewIfNeeded();
			await expect.poll(() => framed.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
			// Beside its title, not above it: the thumbnail's right edge is left of the link.
			const [img, link] = await Promise.all([
				local.boundingBox(),
				list
					.locator("li")
					.filter({ has: page.locator('img[alt^="A film set at dusk"]') })
					.locator("a")
					.boundingBox(),
			]);
			expect((img?.x ?? 0) + (img?.width ?? 0)).toBeLessThanOrEqual(link?.x ?? 0);
			await page.locator("h2", { hasText: "With thumbnails" }).scrollIntoViewIfNeeded();
			await page.screenshot({ path: join(SHOTS, `embed-thumbnails-${device}.png`), fullPage: true });
			if (ctx !== context) await ctx.close();
			else await page.close();
		});

	it("shows an article's lead image at a size that fits, with its caption, on a phone and a desktop", async () => {
		for (const [device, width] of [
			["desktop", 1000],
			["phone", 390],
		] as const) {
			const ctx = await browser.newContext({ viewport: { width, height: 844 }, deviceScaleFactor: 2 });
			const page = await ctx.newPage();
			await page.goto(`${worker}/articles/joe-russo-talks-extraction`);
			const img = page.locator("figure.lead img");
			await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
			// The browser picks from the srcset: at twice the density, a size at least twice as wide as
			// it is shown (or the largest).
			const shown = await img.evaluate((i: HTMLImageElement) => ({ src: i.currentSrc, css: i.clientWidth }));
			const picked = Number(/-(\d+)w\.[0-9a-f]{10}\.jpg$/.exec(shown.src)?.[1]);
			expect(picked).toBeGreaterThanOrEqual(Math.min(1200, shown.css * 2));
			expect(shown.css).toBeGreaterThan(0);
			expect(shown.css).toBeLessThanOrEqual(width);
			expect(await page.locator("figure.lead figcaption").textContent()).toContain(
				"Illustration: reelfeed test fixtures",
			);
			await page.screenshot({ path: join(SHOTS, `article-image-${device}.png`) });
			await ctx.close();
		}
	});

	it("never shows the iframe as a dark box on a light page, whatever the visitor's system, unless asked", async () => {
		const dark = await browser.newContext({ viewport: { width: 800, height: 700 }, colorScheme: "dark" });
		const page = await dark.newPage();
		// A light host page that says nothing of colour schemes, framing each theme.
		await page.goto(`${embedder}/`);
		await page.evaluate((base) => {
			document.body.innerHTML = "";
			document.body.style.background = "#ffffff";
			for (const theme of ["", "?theme=dark", "?theme=auto"]) {
				const frame = document.createElement("iframe");
				frame.src = `${base}/embed/person/tom-holland${theme}`;
				frame.style.cssText = "border:0;width:300px;height:150px;display:block";
				document.body.append(frame);
			}
		}, worker);
		await expect.poll(() => page.frameLocator("iframe").nth(0).locator("a[href^='/articles/']").count()).toBe(1);
		await page.waitForTimeout(300);
		const shot = await page.screenshot({ path: join(SHOTS, "embed-themes-dark-system.png") });
		// The pixel at a frame's corner, where nothing is drawn but its background.
		const corner = async (index: number) =>
			page.evaluate(
				async ({ png, y }) => {
					const img = new Image();
					img.src = `data:image/png;base64,${png}`;
					await img.decode();
					const canvas = document.createElement("canvas");
					canvas.width = img.width;
					canvas.height = img.height;
					const g = canvas.getContext("2d") as CanvasRenderingContext2D;
					g.drawImage(img, 0, 0);
					return [...g.getImageData(290, y, 1, 1).data.slice(0, 3)];
				},
				{ png: shot.toString("base64"), y: 8 + index * 150 + 140 },
			);
		const [light, asked, auto] = [await corner(0), await corner(1), await corner(2)];
		expect(light).toEqual([255, 255, 255]);
		// Asked for dark, it is dark; "auto" follows the system, as documented.
		expect(Math.max(...(asked as number[]))).toBeLessThan(80);
		expect(Math.max(...(auto as number[]))).toBeLessThan(80);
		await dark.close();
	});

	it("fits a phone in light and dark, with a skip link first in keyboard order", async () => {
		for (const colorScheme of ["light", "dark"] as const) {
			const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme, isMobile: true });
			const page = await open(`${worker}/people/sam-hargrave`, `phone-${colorScheme}`, phone);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
			const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
			expect(background).toBe(colorScheme === "dark" ? "rgb(22, 23, 26)" : "rgb(253, 253, 252)");
			await page.keyboard.press("Tab");
			expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
			await phone.close();
		}
	});

	it("shows the embed's loading state while the feed is on its way", async () => {
		const page = await open(`${embedder}/`, "embedder-loading");
		let release: () => void = () => {};
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		await page.route("**/feed/person/tom-holland.json", async (route) => {
			await held;
			await route.continue();
		});
		await page.evaluate((src) => {
			const list = document.createElement("reelfeed-list");
			list.id = "late";
			list.setAttribute("src", src);
			document.body.append(list);
		}, `${worker}/feed/person/tom-holland.json`);
		const late = page.locator("#late");
		await expect.poll(() => late.getByRole("status").textContent()).toBe("Loading…");
		expect(await late.getAttribute("aria-busy")).toBe("true");
		release();
		await expect.poll(() => late.locator("a").count()).toBe(1);
		expect(await late.getAttribute("aria-busy")).toBeNull();
	});

	it("shows the embed's error state for a feed that does not exist", async () => {
		const page = await open(`${embedder}/`, "embedder-error");
		const alert = page.locator("#missing").getByRole("alert");
		await expect.poll(() => alert.textContent()).toBe("This feed could not be loaded (HTTP 404).");
	});
});
