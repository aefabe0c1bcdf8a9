import type { Reply } from "../http/reply";
import { invalidQueryParam } from "./errors";

/** The `limit` a 100ms list accepts: out-of-range values are clamped, and the answer says which was used (hms-api.md §14.14). */
export interface LimitRange {
  min: number;
  max: number;
  default: number;
}

/** Rooms and templates: 10 to 100, default 10. */
export const LIST_LIMITS: LimitRange = { min: 10, max: 100, default: 10 };

/**
 * One page of a 100ms list, `{limit, data, last}`. `ordered` is the whole list in the list's order;
 * `start` is the previous page's `last`, exclusive (§14.12), and positional: an item that no
 * longer passes the filters (`keep`) still marks the place. `last` is empty on the final page.
 */
export function listPage<T extends { id: string }>(
  query: URLSearchParams,
  ordered: readonly T[],
  range: LimitRange,
  keep: (item: T) => boolean = () => true,
): { limit: number; page: T[]; last: string } | { error: Reply } {
  // An empty `limit=` means "not given", as an empty value does for every other filter.
  const limitText = query.get("limit") || undefined;
  if (limitText !== undefined && !/^\d{1,9}$/.test(limitText)) return { error: invalidQueryParam("limit") };
  const limit = Math.min(
    range.max,
    Math.max(range.min, limitText === undefined ? range.default : Number(limitText)),
  );
  let from = 0;
  const start = query.get("start");
  if (start) {
    const index = ordered.findIndex((item) => item.id === start);
    if (index === -1) return { error: invalidQueryParam("start") };
    from = index + 1;
  }
  const matching = ordered.slice(from).filter(keep);
  const page = matching.slice(0, limit);
  return { limit, page, last: matching.length > limit ? page[page.length - 1]!.id : "" };
}
