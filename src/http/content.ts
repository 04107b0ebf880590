/**
 * Loads the content's files a request needs. The core reads them from the isolate's store and,
 * when one is not loaded, throws ContentNeeded naming every file it knows it needs (see
 * src/content/files.ts); here they are fetched from the static assets through the ASSETS binding,
 * all at once, and the request is answered again. A file that is missing or not whole is
 * ContentUnavailable: the request is answered 503 and the log says which file (src/http/errors.ts),
 * never a feed without it.
 */
import { CONTENT_PATH, ContentNeeded, ContentUnavailable, checkFile, contentFiles } from "../content/index.ts";

/**
 * Rounds of loading one request may take. A person's feed takes three from a fresh isolate (the key
 * index, the registry entry with its list, then the index entries of its page with their bodies),
 * an article page four (the slug index, its index entry with its body, its entities' key index,
 * their entries); more means a response reads more than the store can hold at once.
 */
const MAX_ROUNDS = 12;

type AssetsEnv = { ASSETS?: Fetcher };

async function fetchFile(env: AssetsEnv, name: string): Promise<Uint8Array> {
	if (!env.ASSETS)
		throw new ContentUnavailable(name, "cannot be read: the Worker has no ASSETS binding (wrangler.toml [assets])");
	const response = await env.ASSETS.fetch(`https://assets.invalid${CONTENT_PATH}${name}`);
	if (!response.ok) {
		await response.body?.cancel();
		throw new ContentUnavailable(name, `is missing (the static assets answered ${response.status})`);
	}
	const bytes = new Uint8Array(await response.arrayBuffer());
	const problem = checkFile(bytes);
	if (problem) throw new ContentUnavailable(name, problem);
	return bytes;
}

/**
 * Each request fetches what it needs itself: requests that arrive together at a fresh isolate may
 * fetch a file twice, but a promise shared between requests is one workerd may never settle for
 * the second (it belongs to the first request's context).
 */
const load = fetchFile;

/** `run`'s result, with every content file it reads loaded first. */
export async function withContent<T>(env: AssetsEnv, run: () => T | Promise<T>): Promise<T> {
	// What this request loaded, put back before each round: another request's loads cannot evict a
	// file this one needs between its rounds.
	const loaded = new Map<string, Uint8Array>();
	for (let round = 0; ; round++) {
		for (const [name, bytes] of loaded) if (!contentFiles.has(name)) contentFiles.put(name, bytes);
		try {
			return await run();
		} catch (error) {
			if (!(error instanceof ContentNeeded)) throw error;
			if (round === MAX_ROUNDS)
				throw new ContentUnavailable(
					error.files[0] ?? "",
					`was still needed after ${MAX_ROUNDS} rounds of loading: the response reads more than an isolate keeps`,
				);
			const files = await Promise.all(error.files.map((name) => load(env, name)));
			error.files.forEach((name, i) => {
				const bytes = files[i] as Uint8Array;
				loaded.set(name, bytes);
				contentFiles.put(name, bytes);
			});
		}
	}
}

/** Loads these content files into the isolate's store (tests load them all before calling the core directly). */
export async function loadContentFiles(env: AssetsEnv, names: readonly string[]): Promise<void> {
	const files = await Promise.all(names.map((name) => load(env, name)));
	names.forEach((name, i) => {
		contentFiles.put(name, files[i] as Uint8Array);
	});
}
