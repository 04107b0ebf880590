/** The web app manifest (https://www.w3.org/TR/appmanifest/): the site's name and icons, for a home screen. */
import { site } from "../content/index.ts";
import { ICONS, type IconName } from "./icons.ts";
import { paths } from "./urls.ts";

const LISTED: IconName[] = ["small", "large", "svg"];

export const webManifest = (): string =>
	JSON.stringify({
		name: site.title,
		short_name: site.title,
		description: site.description,
		lang: site.language,
		start_url: paths.home(),
		scope: paths.home(),
		display: "browser",
		icons: LISTED.map((name) => {
			const icon = ICONS[name];
			return {
				src: paths.asset(icon.file),
				type: icon.type,
				sizes: icon.type === "image/svg+xml" ? "any" : `${icon.width}x${icon.height}`,
			};
		}),
	});
