/**
 * Characters no output may carry (https://www.w3.org/TR/xml/#charsets): those XML 1.0 forbids
 * even escaped (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF), and those it
 * discourages and no article means (DEL and the C1 controls, usually Windows-1252 text decoded as
 * Latin-1; the Unicode noncharacters). JSON would carry them, but a feed reader's XML parser
 * stops at the first, and a lone surrogate is not even valid UTF-8.
 */
const UNWANTED =
	/[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{10FFFF}]|[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/gu;

/** Removes every character no output may carry (see UNWANTED). */
export function cleanText(text: string): string {
	return text.replace(UNWANTED, "");
}

/** Replaces every character no output may carry with U+FFFD, for text that must show something was there. */
export function replaceUnwanted(text: string): string {
	return text.replace(UNWANTED, "\uFFFD");
}
