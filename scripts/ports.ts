/**
 * Ports for the servers the scripts and tests start (wrangler dev, workerd, the proxy, inspectors).
 *
 * A port is found by listening on port 0 and closing again, so it is only free when asked: until
 * the server that wanted it binds, another process (or the kernel, for an outgoing connection's
 * local port) can take it. The ports one server needs are asked for together and held until all are
 * known, so they are never the same port twice; and a server that starts several times in a run
 * (the benchmark's cold starts) starts again on new ports when one was taken (`retryOnPortTaken`).
 */
import { createServer, type Server } from "node:net";

/** `count` distinct ports nothing listens on now, none of them one of `besides` (ports already promised). */
export async function freePorts(count: number, besides: readonly number[] = []): Promise<number[]> {
	const held: Server[] = [];
	try {
		const ports: number[] = [];
		while (ports.length < count) {
			const server = createServer();
			held.push(server);
			const port = await new Promise<number>((done, fail) => {
				server.once("error", fail);
				server.listen(0, "127.0.0.1", () => {
					const address = server.address();
					if (typeof address === "object" && address) done(address.port);
					else fail(new Error("no port"));
				});
			});
			// Held all the same, so that it is not found again.
			if (!besides.includes(port)) ports.push(port);
		}
		return ports;
	} finally {
		await Promise.all(held.map((s) => new Promise((done) => s.close(done))));
	}
}

/** A port nothing listens on now. */
export const freePort = async (): Promise<number> => (await freePorts(1))[0] as number;

/** How a server that could not bind its port says so: workerd's words, and Node's code. */
export const PORT_TAKEN = /Address already in use|EADDRINUSE/;

/**
 * Starts a server on `count` fresh ports, and again on new ones if a port was taken between being
 * found and being bound (up to five times); any other failure is thrown as it is.
 */
export async function retryOnPortTaken<T>(count: number, start: (ports: number[]) => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		const ports = await freePorts(count);
		try {
			return await start(ports);
		} catch (e) {
			if (attempt >= 5 || !PORT_TAKEN.test(String(e))) throw e;
			console.error(`a port of ${ports.join(", ")} was taken before the server bound it; starting again on others`);
		}
	}
}
