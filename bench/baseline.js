// The baselines the benchmark measures reelfeed against, served by the same workerd process:
// /floor answers a fixed short string (the least a Worker can do); /static answers a precomputed
// string the size of a typical feed (what serving a static file costs).
import STATIC from "static.txt";

const FLOOR = "ok";

export default {
	fetch(request) {
		const path = new URL(request.url).pathname;
		if (path === "/floor") return new Response(FLOOR, { headers: { "content-type": "text/plain; charset=utf-8" } });
		return new Response(STATIC, { headers: { "content-type": "application/rss+xml; charset=utf-8" } });
	},
};
