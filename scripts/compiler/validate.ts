import type { z } from "zod";
import type { ContentProblem } from "./errors.ts";
import { problemAt, type YamlSource } from "./yaml-source.ts";

type Issue = z.core.$ZodIssue;

/** For a union, the branch that got furthest into the value says what is really wrong. */
function flatten(issue: Issue, base: PropertyKey[]): { path: PropertyKey[]; issue: Issue }[] {
	const path = [...base, ...issue.path];
	if (issue.code === "invalid_union" && issue.errors.length > 0) {
		const depth = (branch: Issue[]) =>
			Math.max(...branch.map((i) => i.path.length + (i.code === "invalid_type" ? 0 : 0.5)));
		const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0] ?? [];
		if (depth(best) > 0) return best.flatMap((i) => flatten(i, path));
	}
	if (issue.code === "unrecognized_keys") {
		return issue.keys.map((key) => ({ path: [...path, key], issue }));
	}
	return [{ path, issue }];
}

function describe(issue: Issue, path: PropertyKey[], value: unknown): string {
	if (issue.code === "unrecognized_keys") return `unknown field "${String(path.at(-1))}"`;
	// A schema may say more of a missing field than that it is required ("is required: say what…").
	if (issue.code === "invalid_type" && value === undefined)
		return issue.message.startsWith("is required") ? issue.message : "is required";
	if (issue.code === "invalid_type")
		return `must be ${issue.expected === "array" ? "a list" : issue.expected === "boolean" ? "true or false" : `a ${issue.expected}`}`;
	return issue.message;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
	let v: unknown = root;
	for (const key of path) {
		if (v === null || typeof v !== "object" || !Object.hasOwn(v, key)) return undefined;
		v = (v as Record<PropertyKey, unknown>)[key];
	}
	return v;
}

/**
 * Validates the YAML value (or the part of it at `base`) against a schema, recording every
 * problem at its own line and field. Returns the parsed value, or undefined if anything was wrong.
 */
export function validate<S extends z.ZodType>(
	schema: S,
	file: string,
	source: YamlSource,
	problems: ContentProblem[],
	base: PropertyKey[] = [],
): z.output<S> | undefined {
	const value = valueAt(source.value, base);
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	for (const { path, issue } of result.error.issues.flatMap((i) => flatten(i, base))) {
		problemAt(problems, file, source, path, describe(issue, path, valueAt(source.value, path)));
	}
	return undefined;
}

/**
 * Like `validate`, for an object schema, and also returns the fields that are valid on their
 * own when the whole is not: the checks that read those fields (dates, slugs in the registries)
 * still run, so one wrong field does not hide the problems of the others.
 */
export function validateFields<S extends z.ZodObject>(
	schema: S,
	file: string,
	source: YamlSource,
	problems: ContentProblem[],
	base: PropertyKey[] = [],
): { data?: z.output<S>; fields: Partial<z.output<S>> } {
	const data = validate(schema, file, source, problems, base);
	if (data !== undefined) return { data, fields: data };
	const value = valueAt(source.value, base);
	const fields: Record<string, unknown> = {};
	if (value !== null && typeof value === "object" && !Array.isArray(value)) {
		for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
			const parsed = field.safeParse((value as Record<string, unknown>)[key]);
			if (parsed.success && parsed.data !== undefined) fields[key] = parsed.data;
		}
	}
	return { fields: fields as Partial<z.output<S>> };
}
