import { describe, expect, it } from "vitest";
import { ENTITY_TYPE_NAMES, hasFeed } from "../../src/content/index.ts";
import { paths } from "../../src/feeds/index.ts";
import { get, ORIGIN, parseXml, select, visible } from "./helpers.ts";

const page = async (path: string) => {
	const res = await get(path);
	expect(res.status, path).toBe(200);
	expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
	return res.text();
};

const slugsOf = async (url: string) =>
	(await (await get(url.slice(ORIGIN.length))).json<any>()).items.map((i: { url: string }) => i.url.split("/").pop());

describe("the combined feed (match=any)", () => {
	it("lists each article about any of the picks once, newest first", async () => {
		const joe = visible().findEntity("person", "tom-holland");
		const film = visible().findEntity("film", "extraction-2");
		if (!joe || !film) throw new Error("fixtures");
		const any = await slugsOf(`${ORIGIN}/feed.json?person=tom-holland&film=extraction-2&match=any`);
		const union = [...new Set([...visible().listOf(joe), ...visible().listOf(film)])].sort((a, b) => a - b);
		expect(any).toHaveLength(union.length);
		expect(new Set(any).size).toBe(any.length);
		const all = await slugsOf(`${ORIGIN}/feed.json?person=tom-holland&film=extraction-2`);
		expect(all.length).toBeLessThan(any.length);
	});

	it("has one canonical URL, and makes match=any no URL of its own where there is one kind to match", async () => {
		const feed = await (await get("/feed.json?match=any&film=extraction-2&person=tom-holland")).json<any>();
		expect(feed.feed_url).toBe(`${ORIGIN}/feed.json?film=extraction-2&match=any&person=tom-holland`);
		expect(feed.title).toContain(" or ");
		const one = await (await get("/feed.json?person=tom-holland&person=joe-russo&match=any")).json<any>();
		expect(one.feed_url).toBe(`${ORIGIN}/feed.json?person=joe-russo&person=tom-holland`);
		const bad = await get("/feed.json?match=some");
		expect(bad.status).toBe(400);
		expect((await bad.json<any>()).invalid_params[0].name).toBe("match");
	});
});

describe("/follow", () => {
	it("is a form that works without JavaScript: every person, film and series with articles, sent with GET", async () => {
		const html = await page(paths.follow());
		const [form] = await select(html, "form.follow");
		expect(form?.attrs).toMatchObject({ method: "get", action: paths.follow() });
		const boxes = await select(html, 'form.follow input[type="checkbox"]');
		const expected = ENTITY_TYPE_NAMES.flatMap((type) =>
			visible()
				.entitiesOf(type)
				.filter((e) => hasFeed(e) && visible().listOf(e).length > 0)
				.map((e) => `${type}=${e.slug}`),
		);
		expect(expected.some((pick) => pick.startsWith("author="))).toBe(true);
		expect(boxes.map((b) => `${b.attrs.name}=${b.attrs.value}`).sort()).toEqual(expected.sort());
		expect((await select(html, 'input[name="match"][checked]')).map((r) => r.attrs.value)).toEqual(["any"]);
		expect(await select(html, "#follow-heading")).toEqual([]);
	});

	it("gives back the picks' one feed in every format, a preview and an OPML of their own feeds", async () => {
		const html = await page(`${paths.follow()}?person=tom-holland&series=the-simpsons&match=any`);
		const checked = await select(html, "input[checked]");
		expect(checked.map((c) => c.attrs.value)).toEqual(["tom-holland", "the-simpsons", "any"]);
		const urls = (await select(html, ".subscribe input, .subscribe textarea")).map((f) => f.attrs.value);
		const search = "?match=any&person=tom-holland&series=the-simpsons";
		expect(urls).toEqual([
			`${ORIGIN}/feed.xml${search}`,
			`${ORIGIN}/feed.atom${search}`,
			`${ORIGIN}/feed.json${search}`,
		]);
		const preview = (await select(html, "ul.items a")).map((a) => a.attrs.href);
		expect(preview).toEqual(
			await slugsOf(`${ORIGIN}/feed.json${search}`).then((s: string[]) => s.map((x) => `${ORIGIN}/articles/${x}`)),
		);
		const [opmlLink] = await select(html, `a[href^="${paths.followOpml()}"]`);
		const opml = parseXml(await (await get(opmlLink?.attrs.href as string)).text()).opml.body.outline;
		const feeds = (Array.isArray(opml.outline) ? opml.outline : [opml.outline]).map((o: any) => o["@xmlUrl"]);
		expect(feeds).toEqual([`${ORIGIN}/feed/person/tom-holland.xml`, `${ORIGIN}/feed/series/the-simpsons.xml`]);
		const alternates = await select(html, 'link[rel="alternate"]');
		expect(alternates[0]?.attrs.href).toBe(`${ORIGIN}/feed.xml${search}`);
	});

	it("shows the match the feed was made with: all of them for several kinds picked without match", async () => {
		const html = await page(`${paths.follow()}?person=tom-holland&film=extraction-2`);
		expect((await select(html, 'input[name="match"][checked]')).map((r) => r.attrs.value)).toEqual(["all"]);
		const any = await page(`${paths.follow()}?person=tom-holland&film=extraction-2&match=any`);
		expect((await select(any, 'input[name="match"][checked]')).map((r) => r.attrs.value)).toEqual(["any"]);
	});

	it("is linked from every entity page with that entity picked, and answers a bad pick with a 400 page", async () => {
		const html = await page(paths.entity("film", "extraction-2"));
		expect((await select(html, `a[href="${paths.follow()}?film=extraction-2"]`)).length).toBe(1);
		const bad = await get(`${paths.follow()}?person=nobody-at-all`);
		expect(bad.status).toBe(400);
		expect(bad.headers.get("content-type")).toBe("text/html; charset=utf-8");
	});
});
