/**
 * WebSub publishing (https://www.w3.org/TR/websub/): telling the site's hubs that feeds changed,
 * so they fetch them and push them to subscribers. Used by the deploy (scripts/publish.ts, for the
 * feeds a deploy changed) and by the Worker's scheduled handler (for the feeds an embargo lifting
 * changed). A notification that fails is retried with backoff, and every failure is reported.
 */
import { FORMAT_NAMES } from "./formats.ts";
import { type FeedScope, paths } from "./urls.ts";

/** A feed's topic URLs: its canonical URL in every format, as its rel="self" links name it. */
export const topicsOf = (origin: string, scopes: readonly FeedScope[]): string[] =>
	scopes.flatMap((scope) => FORMAT_NAMES.map((format) => origin + paths.feed(scope, format)));

/**
 * The length of the window each run of the Cron Trigger covers (src/scheduled.ts): its interval in
 * wrangler.toml, every minute ("* * * * *"; test/compiler/wrangler-config.test.ts checks the two agree).
 */
export const REVEAL_WINDOW_MS = 60_000;

/** How hard a notification is tried: attempts, and the first wait (doubled after each failure). */
export const RETRY = { attempts: 4, firstDelayMs: 500 } as const;

export type Notified = { hub: string; topic: string; status: number; attempts: number };
export type Failed = { hub: string; topic: string; error: string; attempts: number };
export type PublishReport = { notified: Notified[]; failed: Failed[] };

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Tells every hub of every topic: a form POST of hub.mode=publish and hub.url (the publishing
 * convention hubs such as Google's and Superfeedr's take; WebSub leaves publishing to the hub).
 * A 2xx is success; anything else, or no answer, is tried again after 0.5, 1 and 2 seconds.
 */
export async function notifyHubs(
	hubs: readonly string[],
	topics: readonly string[],
	fetchFn: Fetch,
	wait: (ms: number) => Promise<unknown> = (ms) => new Promise((done) => setTimeout(done, ms)),
	retry: { attempts: number; firstDelayMs: number } = RETRY,
): Promise<PublishReport> {
	const report: PublishReport = { notified: [], failed: [] };
	const one = async (hub: string, topic: string) => {
		let error = "";
		for (let attempt = 1; attempt <= retry.attempts; attempt++) {
			if (attempt > 1) await wait(retry.firstDelayMs * 2 ** (attempt - 2));
			try {
				const res = await fetchFn(hub, {
					method: "POST",
					headers: { "content-type": "application/x-www-form-urlencoded" },
					body: new URLSearchParams({ "hub.mode": "publish", "hub.url": topic }).toString(),
				});
				await res.body?.cancel();
				if (res.ok) {
					report.notified.push({ hub, topic, status: res.status, attempts: attempt });
					return;
				}
				error = `HTTP ${res.status}`;
			} catch (e) {
				error = e instanceof Error ? e.message : String(e);
			}
		}
		report.failed.push({ hub, topic, error, attempts: retry.attempts });
	};
	await Promise.all(hubs.flatMap((hub) => topics.map((topic) => one(hub, topic))));
	return report;
}

/** A report in lines a person reads: what was told to whom, and what could not be. */
export function describeReport(report: PublishReport): string[] {
	return [
		`WebSub: ${report.notified.length} notification${report.notified.length === 1 ? "" : "s"} accepted, ${report.failed.length} failed`,
		...report.failed.map((f) => `  FAILED ${f.hub} ← ${f.topic}: ${f.error} (after ${f.attempts} attempts)`),
	];
}
