/** The first place in `list` (sorted, ascending) whose value is at least `value`. */
export function firstAtOrAfter(list: readonly number[], value: number): number {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((list[mid] as number) < value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
