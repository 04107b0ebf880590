import type { Context } from "hono";
import { site } from "../content/index.ts";

/** The origin of every absolute URL: site.yaml's base_url, else the request's own origin. */
export const originOf = (c: Context): string => site.baseUrl ?? new URL(c.req.url).origin;
