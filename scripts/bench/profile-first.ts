/**
 * A CPU profile of a fresh isolate's first request (V8's sampling profiler through workerd's
 * inspector): the functions by self time, and by bottom-up totals of chosen frames.
 *
 *   node scripts/bench/profile-first.ts --public DIR --work DIR --bundle DIR --path /people/x [--interval 25] [--repeat 5]
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { prebuiltBundle } from "./prebuilt-bundle.ts";
import { serve } from "./workerd.ts";

const { values } = parseArgs({
	options: {
		public: { type: "string" },
		work: { type: "string" },
		bundle: { type: "string" },
		path: { type: "string" },
		interval: { type: "string", default: "25" },
		repeat: { type: "string", default: "5" },
		out: { type: "string" },
		top: { type: "string", default: "40" },
	},
});
const dir = resolve(values.work as string);
const built = prebuiltBundle(values.bundle as string, values.public as string, dir);

type Node = {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
	children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (let r = 0; r < Number(values.repeat); r++) {
	const server = await serve(dir, built, {}, { inspector: true, firstPath: "/robots.txt" });
	try {
		const list = (await (await fetch(`http://127.0.0.1:${server.inspectorPort}/json/list`)).json()) as {
			webSocketDebuggerUrl: string;
		}[];
		const ws = new WebSocket((list[0] as { webSocketDebuggerUrl: string }).webSocketDebuggerUrl);
		await new Promise((done, fail) => {
			ws.addEventListener("open", done, { once: true });
			ws.addEventListener("error", fail, { once: true });
		});
		let id = 0;
		const pending = new Map<number, (r: unknown) => void>();
		ws.addEventListener("message", (e: MessageEvent) => {
			const m = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
			if (m.id !== undefined) pending.get(m.id)?.(m.result);
		});
		const command = (method: string, params: object = {}) =>
			new Promise<unknown>((done) => {
				const n = ++id;
				pending.set(n, done);
				ws.send(JSON.stringify({ id: n, method, params }));
			});
		await command("Runtime.enable");
		await command("Profiler.enable");
		await command("Profiler.setSamplingInterval", { interval: Number(values.interval) });
		await command("Profiler.start");
		const res = await fetch(`${server.url}${values.path}`);
		await res.arrayBuffer();
		const { profile } = (await command("Profiler.stop")) as { profile: Profile };
		ws.close();
		if (values.out) writeFileSync(`${values.out}.${r}.cpuprofile`, JSON.stringify(profile));
		const byId = new Map(profile.nodes.map((n) => [n.id, n]));
		const parent = new Map<number, number>();
		for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
		const keyOf = (n: Node) =>
			`${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
		profile.samples.forEach((s, i) => {
			const n = byId.get(s) as Node;
			const f = n.callFrame;
			const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}:${f.columnNumber}`;
			const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
			self.set(key, (self.get(key) ?? 0) + dt);
			total += dt;
			// Each function on the stack once, however deep it recurses.
			const seen = new Set<string>();
			for (let id: number | undefined = s; id !== undefined; id = parent.get(id)) {
				const k = keyOf(byId.get(id) as Node);
				if (seen.has(k)) continue;
				seen.add(k);
				inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
			}
		});
	} finally {
		server.child.kill("SIGKILL");
	}
}
const n = Number(values.repeat);
console.log(`sampled ${(total / n).toFixed(1)} ms a request`);
console.log("self:");
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
	console.log((v / n).toFixed(2).padStart(7), k);
console.log("inclusive:");
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
	console.log((v / n).toFixed(2).padStart(7), k);
