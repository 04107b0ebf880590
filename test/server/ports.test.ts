/**
 * The ports the scripts and tests start servers on (scripts/ports.ts): distinct when asked for
 * together, and found again when one is taken before the server binds it, as a benchmark's CI run
 * once failed when workerd's two sockets were given one port.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnWorkerd } from "../../scripts/bench/workerd.ts";
import { freePorts, PORT_TAKEN, retryOnPortTaken } from "../../scripts/ports.ts";

const listen = (port: number) =>
	new Promise<Server>((done, fail) => {
		const server = createServer();
		server.once("error", fail);
		server.listen(port, "127.0.0.1", () => done(server));
	});
const close = (server: Server) => new Promise((done) => server.close(done));

describe("freePorts", () => {
	it("gives distinct ports, none of those already promised, each of which can be listened on", async () => {
		// Enough that ports found one at a time and let go would repeat (a birthday paradox over the
		// kernel's 28,000 or so ephemeral ports), or meet one of the 50 promised, in nearly every round.
		const promised = await freePorts(50);
		for (let round = 0; round < 20; round++) {
			const ports = await freePorts(200, promised);
			expect(new Set(ports).size).toBe(200);
			for (const p of promised) expect(ports).not.toContain(p);
			const servers = await Promise.all(ports.map(listen));
			await Promise.all(servers.map(close));
		}
	});
});

describe("retryOnPortTaken", () => {
	it("starts again on other ports when a port was taken before the server bound it", async () => {
		const seen: number[][] = [];
		let squatter: Server | undefined;
		const server = await retryOnPortTaken(2, async (ports) => {
			seen.push(ports);
			// The first time, another process takes the port first: a real bind conflict.
			if (seen.length === 1) squatter = await listen(ports[0] as number);
			return listen(ports[0] as number);
		});
		expect(seen).toHaveLength(2);
		expect((server.address() as { port: number }).port).toBe(seen[1]?.[0]);
		await close(server);
		if (squatter) await close(squatter);
	});

	it("throws any other failure at once, and a taken port after five tries", async () => {
		let tries = 0;
		await expect(
			retryOnPortTaken(1, async () => {
				tries++;
				throw new Error("the bundle failed to load");
			}),
		).rejects.toThrow("the bundle failed to load");
		expect(tries).toBe(1);
		tries = 0;
		await expect(
			retryOnPortTaken(1, async () => {
				tries++;
				throw new Error("bind(): Address already in use (os error 98)");
			}),
		).rejects.toThrow(PORT_TAKEN);
		expect(tries).toBe(5);
	});

	it("knows workerd's own words for a port already bound", async () => {
		const [port] = (await freePorts(1)) as [number];
		const squatter = await listen(port);
		try {
			const dir = mkdtempSync(join(tmpdir(), "reelfeed-ports-"));
			writeFileSync(join(dir, "w.js"), "export default { fetch: () => new Response('ok') };\n");
			writeFileSync(
				join(dir, "config.capnp"),
				`using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "w", worker = (modules = [ (name = "w.js", esModule = embed "w.js") ], compatibilityDate = "2024-01-01")) ],
  sockets = [ (name = "w", address = "127.0.0.1:${port}", http = (), service = "w") ],
);
`,
			);
			// As the benchmark starts it: what it said is read once it has exited, its pipes drained.
			const { child, alive } = spawnWorkerd(dir, ["config.capnp"]);
			const code = await new Promise((done) => child.once("exit", done));
			expect(code).not.toBe(0);
			await expect(alive()).rejects.toThrow(PORT_TAKEN);
		} finally {
			await close(squatter);
		}
	});
});
