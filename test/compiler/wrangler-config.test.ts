import { describe, expect, it } from "vitest";
import { experimental_readRawConfig } from "wrangler";
import { REVEAL_WINDOW_MS } from "../../src/feeds/websub.ts";

describe("wrangler.toml", () => {
	const { rawConfig } = experimental_readRawConfig({ config: "wrangler.toml" });

	it("runs the Cron Trigger as often as each run's window of reveals is long, so each is told once", () => {
		expect(rawConfig.triggers?.crons).toEqual(["* * * * *"]);
		expect(REVEAL_WINDOW_MS).toBe(60_000);
	});

	it("serves the build's images as static assets", () => {
		expect(rawConfig.assets?.directory).toBe("./.reelfeed/public");
	});
});
