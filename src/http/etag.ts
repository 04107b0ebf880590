/** A strong ETag for a fingerprint (what a response's bytes are made of): the first 128 bits of its SHA-256, base64url. */
export async function etagOf(fingerprint: string): Promise<string> {
	const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(fingerprint)));
	const b64 = btoa(String.fromCharCode(...digest.subarray(0, 16)));
	return `"${b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}"`;
}
