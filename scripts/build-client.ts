/**
 * The build command's side of the build server (scripts/build-server.ts): a module of its own, which
 * scripts/build-content.ts imports without importing the server (which imports it).
 */
import { connect } from "node:net";

/** The environment a build reads: this process's, or that of the command a build server builds for. */
export type Env = Record<string, string | undefined>;

/**
 * What the command sends (one line of JSON): the content build's arguments and environment, and,
 * to build the assets after it (scripts/build-assets.ts), theirs; and what the server answers
 * (lines of JSON, the last with `code`).
 */
export type Ask = { args: string[]; env: Env; assets?: string[] };
export type Answer = { out?: string; err?: string; code?: number; yourself?: string };

/** The environment a build reads (see build-content.ts): all that is sent. */
const SENT_ENV = ["WRANGLER_COMMAND", "REELFEED_CONTENT", "REELFEED_NOW", "REELFEED_BUILD_TIMES", "REELFEED_DRY_RUN"];

/**
 * The build the command line asks for (and the assets' after it, given their arguments), made by
 * the server at `path`: its exit code, having
 * printed what the build printed; undefined when the server cannot build it (not there, or its
 * code changed), and the command builds it itself.
 */
export function buildThrough(path: string, args: string[], env: Env, assets?: string[]): Promise<number | undefined> {
	return new Promise((done) => {
		const socket = connect(path);
		// The pieces of the line not yet ended: each chunk is searched for its end once, so a long
		// answer (a build's report) is read in linear time, not searched again with every chunk.
		let pieces: string[] = [];
		let code: number | undefined;
		socket.setEncoding("utf8");
		socket.on("error", () => done(undefined));
		socket.on("connect", () => {
			const sent: Env = {};
			for (const name of SENT_ENV) if (env[name] !== undefined) sent[name] = env[name];
			socket.write(`${JSON.stringify({ args, env: sent, ...(assets ? { assets } : {}) } satisfies Ask)}\n`);
		});
		socket.on("data", (chunk: string) => {
			let start = 0;
			for (let end = chunk.indexOf("\n"); end >= 0; end = chunk.indexOf("\n", start)) {
				pieces.push(chunk.slice(start, end));
				start = end + 1;
				const answer = JSON.parse(pieces.join("")) as Answer;
				pieces = [];
				if (answer.out !== undefined) console.log(answer.out);
				if (answer.err !== undefined) console.error(answer.err);
				if (answer.code !== undefined) {
					// Done: the server may go on with what can wait (writing its cache) before it closes.
					code = answer.code;
					done(code);
					socket.destroy();
					return;
				}
			}
			pieces.push(chunk.slice(start));
		});
		// No code: the server stopped, or asked the command to build itself.
		socket.on("close", () => done(code));
	});
}
