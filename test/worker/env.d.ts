// Types `exports.default` from "cloudflare:workers" as the Worker under test (src/index.ts).
declare namespace Cloudflare {
	interface GlobalProps {
		mainModule: typeof import("../../src/index.ts");
	}
}
