// The baselines the benchmark measures reelfeed against, served by the same workerd process:
// /floor answers a fixed short string (the least a Worker can do); /static/… answer copies of
// reelfeed's responses, body and headers, made once before the run (statics.json): what serving
// the same feed as a static file costs. Bodies are bytes, encoded once, as a static file's are.
import STATICS from "statics.json";

const FLOOR = "ok";
const FILES = new Map(
	Object.entries(STATICS).map(([path, file]) => [
		path,
		{ body: new TextEncoder().encode(file.body), headers: new Headers(file.headers) },
	]),
);

export default {
	fetch(request) {
		const path = new URL(request.url).pathname;
		if (path === "/floor") return new Response(FLOOR, { headers: { "content-type": "text/plain; charset=utf-8" } });
		const file = FILES.get(path);
		return file ? new Response(file.body, { headers: file.headers }) : new Response("no such copy", { status: 404 });
	},
};
