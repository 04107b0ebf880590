/**
 * An isolate's memory after use: a fresh workerd process serving one corpus answers 1,000 distinct
 * feeds (people's, then films' where there are fewer people) and 1,000 article pages (the oldest
 * of each of those feeds, so spread over the archive), then V8 is asked, through its inspector
 * (the DevTools protocol, `--inspector-addr`), what its heap and array buffers hold: as they are,
 * garbage not yet collected included (workerd's inspector does not answer
 * HeapProfiler.collectGarbage), then after a full collection, asked of the isolate itself (`gc()`,
 * which V8 exposes with `--expose-gc`, set in this process's config only). That is the isolate's
 * own memory, which Workers bound at 128 MB, not the process's.
 */
import type { Built } from "./build.ts";
import { serve } from "./workerd.ts";

export type IsolateMemory = {
	feeds: number;
	articlePages: number;
	/** V8's heap in use, garbage not yet collected included. */
	heapUsedMiB: number;
	/** Array buffers' backing stores (the content's files, compressed and inflated): outside the heap. */
	backingMiB: number;
	/** The same after a full garbage collection: what the isolate holds. */
	liveHeapMiB: number;
	liveBackingMiB: number;
};

const MiB = 2 ** 20;

/** One DevTools protocol command over a WebSocket, and its result. */
function command(
	ws: WebSocket,
	id: number,
	method: string,
	params: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
	return new Promise((done, fail) => {
		const listener = (event: MessageEvent) => {
			const message = JSON.parse(String(event.data)) as {
				id?: number;
				result?: Record<string, unknown>;
				error?: unknown;
			};
			if (message.id !== id) return;
			ws.removeEventListener("message", listener);
			if (message.error) fail(new Error(`${method}: ${JSON.stringify(message.error)}`));
			else done(message.result ?? {});
		};
		ws.addEventListener("message", listener);
		ws.send(JSON.stringify({ id, method, params }));
		setTimeout(() => fail(new Error(`${method}: no answer from the inspector in 30 s`)), 30_000).unref();
	});
}

async function inspect(port: number): Promise<Omit<IsolateMemory, "feeds" | "articlePages">> {
	const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
		title?: string;
		webSocketDebuggerUrl: string;
	}[];
	const target = targets.find((t) => t.title?.includes("reelfeed")) ?? targets[0];
	if (!target) throw new Error("the inspector lists no isolate");
	const ws = new WebSocket(target.webSocketDebuggerUrl);
	await new Promise((done, fail) => {
		ws.addEventListener("open", done, { once: true });
		ws.addEventListener("error", fail, { once: true });
	});
	// The isolate's context, which workerd's inspector names when Runtime is enabled: what gc() runs in.
	const context = new Promise<number>((done) => {
		ws.addEventListener("message", (event: MessageEvent) => {
			const message = JSON.parse(String(event.data)) as { method?: string; params?: { context?: { id?: number } } };
			if (message.method === "Runtime.executionContextCreated" && message.params?.context?.id !== undefined)
				done(message.params.context.id);
		});
	});
	try {
		// workerd's inspector answers nothing before Runtime.enable, and never HeapProfiler.collectGarbage:
		// the heap is read as it is, garbage not yet collected included (an upper bound), then again
		// after the isolate's own gc() (the process runs with --expose-gc): what it holds.
		await command(ws, 1, "Runtime.enable");
		const usage = await command(ws, 2, "Runtime.getHeapUsage");
		const contextId = await Promise.race([
			context,
			new Promise<undefined>((done) => setTimeout(() => done(undefined), 5_000)),
		]);
		if (contextId === undefined) throw new Error("the inspector named no execution context to run gc() in");
		// Twice, a moment apart: V8 frees array buffers' backing stores in a sweep that finishes at
		// the next collection at the latest, and counts them until then.
		for (const id of [3, 4]) {
			const collected = await command(ws, id, "Runtime.evaluate", { expression: "gc(), 0", contextId });
			if (collected.exceptionDetails)
				throw new Error(`gc() in the isolate: ${JSON.stringify(collected.exceptionDetails)}`);
			await new Promise((done) => setTimeout(done, 200));
		}
		const live = await command(ws, 5, "Runtime.getHeapUsage");
		return {
			heapUsedMiB: Number(usage.usedSize) / MiB,
			backingMiB: Number(usage.backingStorageSize ?? 0) / MiB,
			liveHeapMiB: Number(live.usedSize) / MiB,
			liveBackingMiB: Number(live.backingStorageSize ?? 0) / MiB,
		};
	} finally {
		ws.close();
	}
}

export async function isolateMemory(dir: string, built: Built, count = 1_000): Promise<IsolateMemory> {
	const server = await serve(dir, built, {}, { inspector: true, v8Flags: ["--expose-gc"] });
	try {
		const feeds: string[] = [];
		for (const type of ["person", "film"] as const) {
			const plural = type === "person" ? "people" : "films";
			for (let next: string | null = `${server.url}/api/${plural}.json`; next && feeds.length < count; ) {
				const doc = (await (await fetch(next)).json()) as Record<string, unknown> & { next: string | null };
				for (const e of doc[plural] as { slug: string; feeds: unknown }[])
					if (e.feeds && feeds.length < count) feeds.push(`/feed/${type}/${e.slug}.json`);
				next = doc.next;
			}
		}
		const articles = new Set<string>();
		for (const path of feeds) {
			const feed = (await (await fetch(`${server.url}${path}`)).json()) as { items: { url: string }[] };
			const oldest = feed.items.at(-1)?.url;
			if (oldest) articles.add(new URL(oldest).pathname);
		}
		// Fewer distinct articles than asked for (a small corpus): the newest, a page at a time.
		for (let next: string | undefined = "/feed.json?limit=100"; next && articles.size < count; ) {
			const page = (await (await fetch(`${server.url}${next}`)).json()) as {
				items: { url: string }[];
				next_url?: string;
			};
			for (const item of page.items) articles.add(new URL(item.url).pathname);
			next = page.next_url && new URL(page.next_url).pathname + new URL(page.next_url).search;
		}
		let pages = 0;
		for (const path of [...articles].slice(0, count)) {
			const res = await fetch(`${server.url}${path}`);
			await res.arrayBuffer();
			if (res.ok) pages++;
		}
		return { feeds: feeds.length, articlePages: pages, ...(await inspect(server.inspectorPort as number)) };
	} finally {
		server.child.kill("SIGKILL");
	}
}
