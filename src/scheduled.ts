/**
 * The Cron Trigger (wrangler.toml: every minute): tells the site's WebSub hubs of the feeds an
 * embargo lifting changed in the minute that ends at the run's scheduled time, so subscribers get
 * a revealed article pushed within a minute of its instant, once. A failure is retried (see
 * notifyHubs), logged line by line, and fails the run, so Cloudflare's Cron events show it.
 */
import { site } from "./content/index.ts";
import { REVEAL_WINDOW_MS, revealedFeeds } from "./feeds/reveals.ts";
import { describeReport, notifyHubs, type PublishReport, topicsOf } from "./feeds/websub.ts";

export async function publishReveals(
	scheduledTime: number,
	fetchFn: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init),
	wait?: (ms: number) => Promise<unknown>,
	origin: string | undefined = site.baseUrl,
): Promise<PublishReport | undefined> {
	const scopes = revealedFeeds(scheduledTime - REVEAL_WINDOW_MS, scheduledTime);
	if (scopes.length === 0 || site.hubs.length === 0) return undefined;
	if (!origin)
		throw new Error("WebSub: an embargo lifted, but site.yaml has no base_url, so the feeds' URLs are not known");
	const report = await notifyHubs(site.hubs, topicsOf(origin, scopes), fetchFn, wait);
	const lines = describeReport(report);
	if (report.failed.length) {
		for (const line of lines) console.error(line);
		throw new Error(`WebSub: ${report.failed.length} notification(s) failed after retries`);
	}
	for (const line of lines) console.log(line);
	return report;
}
