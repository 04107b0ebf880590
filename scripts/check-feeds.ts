/**
 * Every feed, judged by the independent checkers in ../shared/feedcheck (the W3C Feed Validation
 * Service, the Universal Feed Parser, gofeed, four npm parsers, the RFC 4287 schema, the JSON Feed
 * schema), strictly, warnings included: each feed of /feeds.opml in all three formats, and paged
 * and filtered ones, served as `npm start` serves them.
 *
 *   node scripts/check-feeds.ts [--content DIR]     (../shared/feedcheck/install.sh first, as root)
 *
 * The content defaults to a copy of the tests' own (test/fixtures/content), so an editor's new
 * article cannot fail it; pass --content content to judge the editor's. The feeds are fetched at
 * their canonical URLs, whose self links name them, so the W3C validator's self-link check runs too.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startDev } from "./dev.ts";
import { freePort } from "./ports.ts";
import { ROOT } from "./worker-config.ts";

const CHECK_ALL = resolve(ROOT, "../shared/feedcheck/check-all.sh");

const { values } = parseArgs({ options: { content: { type: "string" } } });
if (!existsSync(CHECK_ALL)) {
	console.error(`check-feeds: ${CHECK_ALL} not found; ../shared/feedcheck must stand beside the project`);
	process.exit(2);
}
/** A copy of the fixtures: a build writes the content's history, and nothing may write to the fixtures. */
function fixtureCopy(): string {
	const dir = join(mkdtempSync(join(tmpdir(), "reelfeed-check-")), "content");
	cpSync(join(ROOT, "test/fixtures/content"), dir, { recursive: true });
	return dir;
}

const dev = await startDev({
	port: await freePort(),
	ip: "127.0.0.1",
	content: values.content ?? fixtureCopy(),
	quiet: true,
});
let status = 1;
try {
	// Every page of it: each names the next in its Link header.
	const rss: string[] = [];
	for (let next: string | undefined = `${dev.url}/feeds.opml`; next; ) {
		const res: Response = await fetch(next);
		rss.push(...[...(await res.text()).matchAll(/xmlUrl="([^"]+)"/g)].map((m) => m[1] as string));
		next = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
	}
	const urls = rss.flatMap((url) => [url, url.replace(/\.xml$/, ".atom"), url.replace(/\.xml$/, ".json")]);
	// Paged and filtered feeds carry RFC 5005 links and other titles: judged too.
	for (const extra of ["/feed.xml?limit=1", "/feed.atom?limit=1", "/feed.json?limit=1"])
		urls.push(`${dev.url}${extra}`);
	const first = (await (await fetch(`${dev.url}/feed.json?limit=1`)).json()) as { next_url?: unknown };
	if (typeof first.next_url === "string")
		urls.push(
			first.next_url,
			first.next_url.replace("/feed.json", "/feed.xml"),
			first.next_url.replace("/feed.json", "/feed.atom"),
		);
	console.log(`check-feeds: ${urls.length} feeds on ${dev.url}`);
	// Asynchronously: the dev server's proxy runs in this process and must go on answering.
	const child = spawn(CHECK_ALL, ["--strict", ...urls], { stdio: "inherit" });
	status = await new Promise<number>((done) => child.on("exit", (code) => done(code ?? 1)));
} finally {
	await dev.close();
}
process.exit(status);
