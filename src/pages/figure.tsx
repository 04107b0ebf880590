import type { ShownImage } from "../feeds/images.ts";

/**
 * An image on a page: every published size in its srcset (the browser picks by the layout width in
 * `sizes`), its own width and height (no layout shift), its alt text, and its caption and credit.
 * The page's lead image loads first; others when scrolled to.
 */
export function Figure(props: { image: ShownImage; sizes: string; class: string; lead?: boolean }) {
	const { image } = props;
	return (
		<figure class={props.class}>
			<img
				src={image.url}
				srcset={image.sizes.length > 1 ? image.sizes.map((f) => `${f.url} ${f.width}w`).join(", ") : undefined}
				sizes={image.sizes.length > 1 ? props.sizes : undefined}
				width={image.width}
				height={image.height}
				alt={image.alt}
				loading={props.lead ? undefined : "lazy"}
				fetchpriority={props.lead ? "high" : undefined}
				decoding="async"
			/>
			{image.caption || image.credit ? (
				<figcaption>
					{image.caption ?? ""}
					{image.caption && image.credit ? " " : ""}
					{image.credit ? <small class="credit">{image.credit}</small> : null}
				</figcaption>
			) : null}
		</figure>
	);
}
