/** The first place in `list` (sorted, ascending) whose value is at least `value`. */
export function firstAtOrAfter<T extends number | string>(list: readonly T[], value: T): number {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((list[mid] as T) < value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
