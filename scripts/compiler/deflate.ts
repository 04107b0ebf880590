/**
 * The sections of a content file compressed by two threads at once: this one and a second that
 * stays up for the build. Packing a million articles' bodies is 5 GiB of HTML through zlib, which
 * took a build from nothing over two minutes on one core while the other waited. Packing is
 * synchronous (src/content/pack.ts hands each file on before it makes the next), so the second
 * thread is asked synchronously: half of a file's sections are posted to it, this thread
 * compresses the other half, then waits on a shared word for its answer and takes it off the port
 * (receiveMessageOnPort). zlib gives the same bytes in either thread, so the files are those one
 * thread makes.
 */

import {
	isMainThread,
	MessageChannel,
	type MessagePort,
	receiveMessageOnPort,
	Worker,
	workerData,
} from "node:worker_threads";
import { deflateSync } from "node:zlib";

/** Compresses each text at `level`, in their order. */
export type Deflate = (texts: readonly string[], level: number) => Uint8Array[];

/** Below this much text in one call, a second thread costs more than it saves. */
const SHARED_FROM = 64 * 1024;

/** Large calls compressed here before the second thread is started. */
const ALONE_FIRST = 4;

/** How long the build waits for the second thread's half of one file before it gives up. */
const PATIENCE_MS = 120_000;

type Ask = { texts: string[]; level: number };
type Answer = { bytes: Uint8Array[] } | { error: string };

const deflateEach = (texts: readonly string[], level: number) => texts.map((text) => deflateSync(text, { level }));

/**
 * A Deflate that shares each large call with a second thread, started after the first few;
 * `close` stops that thread (a build's end), `shared` says how many calls it took half of.
 * Without a second core, or for small calls, it compresses here.
 */
export function sharedDeflate(cores: number): { deflate: Deflate; close: () => Promise<void>; shared: () => number } {
	/** Calls the second thread took half of, and large calls so far. */
	let shared = 0;
	let large = 0;
	let helper: { worker: Worker; port: MessagePort; signal: Int32Array } | undefined;
	const start = () => {
		const signal = new Int32Array(new SharedArrayBuffer(4));
		const { port1, port2 } = new MessageChannel();
		const worker = new Worker(new URL(import.meta.url), {
			workerData: { deflater: { port: port2, signal } },
			transferList: [port2],
		});
		worker.unref();
		return { worker, port: port1, signal };
	};
	const deflate: Deflate = (texts, level) => {
		if (cores < 2 || texts.length < 2) return deflateEach(texts, level);
		let size = 0;
		for (const text of texts) size += text.length;
		// An edit's build makes a file or two: starting a thread for them costs what it saves.
		if (size < SHARED_FROM || ++large <= ALONE_FIRST) return deflateEach(texts, level);
		helper ??= start();
		const { port, signal } = helper;
		// The second thread takes the later half; this one the earlier, then waits for it.
		const half = Math.ceil(texts.length / 2);
		Atomics.store(signal, 0, 0);
		port.postMessage({ texts: texts.slice(half), level } satisfies Ask);
		// Its answer is taken off the port whatever happens here, or the next call would read it.
		let mine: Uint8Array[] | undefined;
		let failed: unknown;
		try {
			mine = deflateEach(texts.slice(0, half), level);
		} catch (error) {
			failed = error;
		}
		if (Atomics.wait(signal, 0, 0, PATIENCE_MS) === "timed-out")
			throw new Error(`the thread compressing content files did not answer in ${PATIENCE_MS / 1000} s`);
		const answer = receiveMessageOnPort(port)?.message as Answer | undefined;
		if (failed !== undefined || !mine) throw failed;
		if (!answer) throw new Error("the thread compressing content files answered nothing");
		if ("error" in answer) throw new Error(`the thread compressing content files failed: ${answer.error}`);
		shared++;
		return [...mine, ...answer.bytes];
	};
	const close = async () => {
		const stopping = helper?.worker.terminate();
		helper = undefined;
		await stopping;
	};
	return { deflate, close, shared: () => shared };
}

/** In the second thread: compress what is asked, answer, and wake the asking thread. */
function serve({ port, signal }: { port: MessagePort; signal: Int32Array }): void {
	port.on("message", ({ texts, level }: Ask) => {
		let answer: Answer;
		try {
			answer = { bytes: deflateEach(texts, level) };
		} catch (error) {
			answer = { error: (error as Error).message };
		}
		port.postMessage(answer);
		Atomics.store(signal, 0, 1);
		Atomics.notify(signal, 0);
	});
}

const data = workerData as { deflater?: { port: MessagePort; signal: Int32Array } } | undefined;
if (!isMainThread && data?.deflater) serve(data.deflater);
