// The fixture builds' clocks (see test/global-setup.ts), for the tests in Node and in workerd alike.

/** The fixture article added last: its date (2020-05-04) is older than the newest (2020-05-05). */
export const LATE_ARTICLE = "extraction-2-already-in-the-works.md";
/** The clock of the build without LATE_ARTICLE. */
export const EARLIER_BUILD_NOW = "2026-11-01T09:00:00.000Z";
/** The clock of the whole fixture build: the feeds LATE_ARTICLE is in changed then. */
export const BUILD_NOW = "2026-11-30T12:00:00.000Z";
