/**
 * After a deploy: tells the site's WebSub hubs of the feeds the deploy changed, which its build
 * listed (scripts/compiler/publish-list.ts), so subscribers get them pushed. `npm run deploy` runs
 * it after `wrangler deploy`. Each notification is retried with backoff; every failure is printed,
 * the list is kept, and the exit code is 1, so a failure is never silent and a second run retries
 * what failed. A list published in full is renamed *.done.json, so it is never sent twice.
 *
 *   node scripts/publish.ts [--list FILE]        (default .reelfeed/publish.json)
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { describeReport, notifyHubs, topicsOf } from "../src/feeds/websub.ts";
import { PUBLISH_LIST } from "./build-content.ts";
import type { PublishList } from "./compiler/publish-list.ts";

export async function publish(listPath: string, log: (line: string) => void = console.log): Promise<number> {
	if (!existsSync(listPath)) {
		log(`WebSub: nothing to publish (no ${listPath}: the last deploy's feeds were published, or no deploy built one)`);
		return 0;
	}
	const list = JSON.parse(readFileSync(listPath, "utf8")) as PublishList & { failedTopics?: string[] };
	if (list.hubs.length === 0) {
		log("WebSub: site.yaml names no hubs; nothing to notify");
		renameSync(listPath, listPath.replace(/\.json$/, ".done.json"));
		return 0;
	}
	if (!list.origin) {
		log("WebSub: site.yaml has no base_url, so the feeds' URLs are not known: set it to notify the hubs");
		return 1;
	}
	// With the feeds the deploy changed, those of embargoes lifted since the build (see PublishList).
	const now = Date.now();
	const revealed = (list.embargoes ?? []).filter((e) => Date.parse(e.date) <= now).flatMap((e) => e.feeds);
	const topics = list.failedTopics ?? [...new Set(topicsOf(list.origin, [...list.changed, ...revealed]))];
	if (topics.length === 0) {
		log("WebSub: the deploy changed no feed");
		renameSync(listPath, listPath.replace(/\.json$/, ".done.json"));
		return 0;
	}
	const report = await notifyHubs(list.hubs, topics, fetch);
	for (const line of describeReport(report)) log(line);
	if (report.failed.length) {
		// Kept, narrowed to what failed: the next run retries exactly that.
		const failedTopics = [...new Set(report.failed.map((f) => f.topic))];
		writeFileSync(listPath, `${JSON.stringify({ ...list, failedTopics }, null, "\t")}\n`);
		return 1;
	}
	renameSync(listPath, listPath.replace(/\.json$/, ".done.json"));
	return 0;
}

if (import.meta.main) {
	const { values } = parseArgs({ options: { list: { type: "string" } } });
	process.exitCode = await publish(values.list ?? PUBLISH_LIST);
}
