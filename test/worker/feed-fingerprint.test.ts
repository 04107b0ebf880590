import { describe, expect, it } from "vitest";
import { feedFingerprint, pageOf, plainRequest } from "../../src/feeds/index.ts";
import { visible } from "./helpers.ts";

describe("the feed fingerprint behind every ETag", () => {
	const joe = visible().findEntity("person", "joe-russo");
	const req = plainRequest(visible(), { type: "person", slug: "joe-russo" }, joe);
	const page = pageOf(req);
	const base = feedFingerprint(req, page, "https://a.example", "json");

	it("changes when an article on the page changes", () => {
		const edited = { ...page, items: page.items.map((a, i) => (i === 1 ? { ...a, rev: `${a.rev}+edit` } : a)) };
		expect(feedFingerprint(req, edited, "https://a.example", "json")).not.toBe(base);
	});

	it("changes when the feed's entity changes, or the origin or format", () => {
		const renamed = { ...req, entity: joe && { ...joe, rev: `${joe.rev}+rename` } };
		expect(feedFingerprint(renamed, page, "https://a.example", "json")).not.toBe(base);
		expect(feedFingerprint(req, page, "https://b.example", "json")).not.toBe(base);
		expect(feedFingerprint(req, page, "https://a.example", "atom")).not.toBe(base);
	});
});
