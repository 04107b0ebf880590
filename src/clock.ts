/**
 * The Worker's one clock: the time of the request being answered. Output bodies never read it
 * (the same content gives the same bytes); it only keeps a Last-Modified from being later than the
 * response it is sent with (see lastModifiedAt). Tests set it.
 */
export const clock = {
	now: (): number => Date.now(),
};
