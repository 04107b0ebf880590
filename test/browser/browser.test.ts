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
	let noScript: BrowserContext | undefined;

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
		// A full-page shot measures the page with script, which a no-JavaScript context refuses.
		await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: ctx !== noScript });
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

	it("shows an RSS feed as a readable page, not raw XML, with links and how to subscribe", async () => {
		const page = await open(`${worker}/feed.xml`, "feed-rss");
		await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("reelfeed");
		expect(await page.getByRole("heading", { name: "Subscribe" }).isVisible()).toBe(true);
		const items = page.locator("ul.items a");
		expect(await items.count()).toBe(3);
		expect(await items.first().getAttribute("href")).toBe(`${worker}/articles/joe-russo-returns-to-write-extraction-2`);
		expect(await page.locator("body").textContent()).not.toContain("<?xml");
	});

	it("shows an Atom feed readably even with JavaScript off, through its stylesheet", async () => {
		noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
		const page = await open(`${worker}/feed/film/extraction.atom`, "feed-atom-no-js", noScript);
		const text = await page.evaluate(() => document.documentElement.textContent ?? "");
		expect(text).toContain("Extraction (2020) — reelfeed");
		const banner = await page.evaluate(() => getComputedStyle(document.documentElement, "::before").content);
		expect(banner).toContain("This is a web feed");
		await noScript.close();
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
		await page.screenshot({ path: join(SHOTS, "embedder.png"), fullPage: true });
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
