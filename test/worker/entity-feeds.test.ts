import { describe, expect, it } from "vitest";
import { ARTICLES, FILMS, get, ORIGIN, PEOPLE, parseXml, text } from "./helpers.ts";

const { deal, sequelOrPrequel, interview } = ARTICLES;

/**
 * Who and what each seed article talks about, read from the articles themselves: e.g. Anthony
 * Russo is "his brother Anthony" in two of them; Tom Holland is named once, in the interview.
 */
const EXPECTED: Record<string, string[]> = {
	"person/joe-russo": [deal, sequelOrPrequel, interview],
	"person/anthony-russo": [sequelOrPrequel, interview],
	"person/chris-hemsworth": [deal, sequelOrPrequel, interview],
	"person/sam-hargrave": [deal, sequelOrPrequel, interview],
	"person/rudhraksh-jaiswal": [deal],
	"person/david-harbour": [sequelOrPrequel],
	"person/tom-holland": [interview],
	"film/extraction": [deal, sequelOrPrequel, interview],
	"film/extraction-2": [deal, sequelOrPrequel],
	"film/captain-america-the-winter-soldier": [deal, interview],
	"film/captain-america-civil-war": [deal, interview],
	"film/avengers-infinity-war": [deal, interview],
	"film/avengers-endgame": [deal, interview],
	"film/cherry": [interview],
};

const slugOf = (url: string) => url.replace(`${ORIGIN}/articles/`, "");

describe("person and film feeds on the bundled content", () => {
	it("cover every person and film in the registry", () => {
		expect(Object.keys(EXPECTED).sort()).toEqual(
			[...PEOPLE.map((p) => `person/${p}`), ...FILMS.map((f) => `film/${f}`)].sort(),
		);
	});

	for (const [scope, expected] of Object.entries(EXPECTED)) {
		it(`/feed/${scope} holds exactly the articles that mention it, newest first, in all three formats`, async () => {
			const rss = parseXml(await (await get(`/feed/${scope}.xml`)).text()).rss.channel.item ?? [];
			const atom = parseXml(await (await get(`/feed/${scope}.atom`)).text()).feed.entry ?? [];
			const json = JSON.parse(await (await get(`/feed/${scope}.json`)).text()).items;
			expect(rss.map((i: any) => slugOf(text(i.link)))).toEqual(expected);
			expect(atom.map((e: any) => slugOf(e.link[0]["@href"]))).toEqual(expected);
			expect(json.map((i: any) => slugOf(i.url))).toEqual(expected);
		});
	}

	it("titles each feed with what it is", async () => {
		const person = JSON.parse(await (await get("/feed/person/joe-russo.json")).text());
		const film = parseXml(await (await get("/feed/film/extraction-2.atom")).text()).feed;
		expect(person.title).toBe("Joe Russo — reelfeed");
		expect(person.home_page_url).toBe(`${ORIGIN}/people/joe-russo`);
		expect(text(film.title)).toBe("Extraction 2 (2023) — reelfeed");
	});

	it("dates each feed by its own newest item, not the site's", async () => {
		const tom = parseXml(await (await get("/feed/person/tom-holland.atom")).text()).feed;
		const david = parseXml(await (await get("/feed/person/david-harbour.xml")).text()).rss.channel;
		expect(text(tom.updated)).toBe("2020-04-23T00:00:00.000Z");
		// David Harbour is only in the article of 2020-05-04, corrected on 2020-05-06.
		expect(new Date(text(david.lastBuildDate)).toISOString()).toBe("2020-05-06T10:00:00.000Z");
	});
});
