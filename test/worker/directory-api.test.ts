import { Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { FILMS, get, ORIGIN, PEOPLE } from "./helpers.ts";

const schemaValidator = async () => new Validator((await (await get("/api/schema.json")).json()) as object, "7");

describe("the directory API", () => {
	it("lists every person with counts, newest article, page and feeds, valid against its schema", async () => {
		const res = await get("/api/people.json");
		expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
		expect(res.headers.get("access-control-allow-origin")).toBe("*");
		const body = await res.json<any>();
		const result = (await schemaValidator()).validate(body);
		expect(result.errors).toEqual([]);
		expect(body.people.map((p: any) => p.slug)).toEqual(PEOPLE);
		expect(body.people.find((p: any) => p.slug === "anthony-russo")).toEqual({
			slug: "anthony-russo",
			name: "Anthony Russo",
			aliases: [],
			kind: "person",
			description: expect.any(String),
			article_count: 2,
			newest_article: "2020-05-04T00:00:00.000Z",
			url: `${ORIGIN}/people/anthony-russo`,
			feeds: {
				rss: `${ORIGIN}/feed/person/anthony-russo.xml`,
				atom: `${ORIGIN}/feed/person/anthony-russo.atom`,
				json: `${ORIGIN}/feed/person/anthony-russo.json`,
			},
		});
	});

	it("lists every film and other work, with feeds only for films, valid against its schema", async () => {
		const body = await (await get("/api/films.json")).json<any>();
		expect((await schemaValidator()).validate(body).errors).toEqual([]);
		const withFeeds = body.films.filter((f: any) => f.feeds).map((f: any) => f.slug);
		expect(withFeeds).toEqual(FILMS);
		const game = body.films.find((f: any) => f.slug === "magic-the-gathering");
		expect(game).toMatchObject({ kind: "game", feeds: null, article_count: 1 });
		expect(body.films.find((f: any) => f.slug === "captain-america-the-winter-soldier").aliases).toEqual([
			"Captain America: Winter Soldier",
		]);
	});

	it("rejects a document that breaks the schema, so the check means something", async () => {
		const validator = await schemaValidator();
		expect(validator.validate({ people: [{ slug: "Bad Slug" }] }).valid).toBe(false);
		expect(validator.validate({ people: [], films: [] }).valid).toBe(false);
	});
});
