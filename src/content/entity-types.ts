/**
 * The entity-type table: one row per registry of things articles tag. Every route, path, query
 * parameter, heading, directory key and schema, OPML group, JSON Feed extension key, front-matter
 * field and registry file that names a type is derived from it, so adding a type is a row here
 * (test/worker/tables.test.ts checks that each of those places follows the table).
 */
export type EntityTypeRow = {
	/** Many of them: the URL section (/people), the directory's key, the `_reelfeed` key, the front-matter field. */
	plural: string;
	/** A list of them, as a heading or a label. */
	heading: string;
	/** Its registry, under content/. */
	registry: string;
	/** Whether content may leave its registry out (read as empty): those added after content existed. */
	optional?: boolean;
	/** The kinds an entry may be, the default first. */
	kinds: readonly string[];
	/** The kinds that have feeds; the others have pages only. */
	feedKinds: readonly string[];
	/** The schema.org type of each kind, for structured data (JSON-LD) on pages. */
	schemaTypes: Readonly<Record<string, string>>;
	/**
	 * Whether entries are an article's bylines, named in front matter only (never found in its text),
	 * and shown as its authors rather than as what it is about.
	 */
	byline?: boolean;
	/** Entries without feeds, as a heading, and what to tell a reader about them. */
	others?: { heading: string; note: string };
};

export const ENTITY_TYPES = {
	person: {
		plural: "people",
		heading: "People",
		registry: "people.yaml",
		kinds: ["person"],
		feedKinds: ["person"],
		schemaTypes: { person: "Person" },
	},
	film: {
		plural: "films",
		heading: "Films",
		registry: "films.yaml",
		kinds: ["film", "game", "comic", "book", "other"],
		feedKinds: ["film"],
		schemaTypes: {
			film: "Movie",
			game: "VideoGame",
			comic: "ComicSeries",
			book: "Book",
			other: "CreativeWork",
		},
		others: {
			heading: "Other works",
			note: "Games, comics and books the articles mention. They have pages, but only films have feeds.",
		},
	},
	series: {
		plural: "series",
		heading: "Series",
		registry: "series.yaml",
		optional: true,
		kinds: ["series"],
		feedKinds: ["series"],
		schemaTypes: { series: "TVSeries" },
	},
	author: {
		plural: "authors",
		heading: "Authors",
		registry: "authors.yaml",
		optional: true,
		byline: true,
		kinds: ["author"],
		feedKinds: ["author"],
		schemaTypes: { author: "Person" },
	},
} as const satisfies Record<string, EntityTypeRow>;

/** A type's name: the key of its row, and the word for one of them ("person", ?person=, /feed/person/…). */
export type EntityType = keyof typeof ENTITY_TYPES;

/** The types in table order: the order of every list of them (pages, OPML, feeds' categories). */
export const ENTITY_TYPE_NAMES = Object.keys(ENTITY_TYPES) as EntityType[];

/** A record with a value for every type, made by `make`: registries, filters, groups. */
export const perType = <T>(make: (type: EntityType) => T): Record<EntityType, T> =>
	Object.fromEntries(ENTITY_TYPE_NAMES.map((type) => [type, make(type)])) as Record<EntityType, T>;

/** A type's row, as the general shape (optional fields that only some rows have are then readable). */
export const rowOf = (type: EntityType): EntityTypeRow => ENTITY_TYPES[type];

/** Every kind of entry, of every type: the directory schema's enum. */
export const ENTITY_KINDS: readonly string[] = [
	...new Set(ENTITY_TYPE_NAMES.flatMap((t) => ENTITY_TYPES[t].kinds as readonly string[])),
];

/** Whether an entry of this type and kind has feeds (every person; films, but not series or games). */
export const kindHasFeed = (type: EntityType, kind: string): boolean =>
	(ENTITY_TYPES[type].feedKinds as readonly string[]).includes(kind);

/** "People and other works"-style heading for every entry of a type, with or without feeds. */
export const headingOfAll = (type: EntityType): string => {
	const row = rowOf(type);
	return row.others ? `${row.heading} and ${row.others.heading.toLowerCase()}` : row.heading;
};

/** Whether a type's entries are bylines (authors), not subjects. */
export const isByline = (type: EntityType): boolean => rowOf(type).byline === true;

/** The schema.org type of an entry (Person, Movie, TVSeries…). */
export const schemaTypeOf = (type: EntityType, kind: string): string => rowOf(type).schemaTypes[kind] ?? "Thing";

/** The type whose plural this is ("people" → "person"), if any. */
export const typeOfPlural = (plural: string): EntityType | undefined =>
	ENTITY_TYPE_NAMES.find((t) => ENTITY_TYPES[t].plural === plural);
