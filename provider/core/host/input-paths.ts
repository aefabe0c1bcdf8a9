import { isPlainObject, type Plain } from "../plain";
import type { FieldTable } from "../properties/field";

/**
 * Where the program set values, so a refresh records as inputs what the program manages and not
 * the server's defaults beside it (a template's `settings.roomState.stopRoomStateOnJoin`, say):
 * recording those would show as a change at the next refresh after every `up`. Paths go down
 * through objects and maps of objects the field table describes (`settings.region`,
 * `roles.student.maxPeerCount`); a list or any other value is one leaf. Segments are escaped, since
 * map keys (destination names) may hold `.` or `,`; a state written before paths holds top-level
 * names, which are paths of one segment.
 */
export function inputPaths(table: FieldTable, args: Plain): string[] {
  return pathsIn(table, args, []).map((segments) => segments.map(escapeSegment).join("."));
}

function pathsIn(table: FieldTable, args: Plain, prefix: string[]): string[][] {
  return Object.entries(table).flatMap(([prop, spec]) => {
    const value = args[prop];
    if (value === undefined) return [];
    const path = [...prefix, prop];
    // An empty object (a role left to 100ms's defaults) is recorded as one: its path ends in "".
    if (isPlainObject(value) && Object.keys(value).length === 0) return [[...path, ""]];
    if (spec?.fields && isPlainObject(value)) return pathsIn(spec.fields, value, path);
    const entries = spec?.entries;
    if (entries && isPlainObject(value))
      return Object.entries(value).flatMap(([key, entry]) =>
        !isPlainObject(entry)
          ? [[...path, key]]
          : Object.keys(entry).length === 0
            ? [[...path, key, ""]]
            : pathsIn(entries, entry, [...path, key]),
      );
    return [path];
  });
}

/**
 * The values of `source` at `paths` (from {@link inputPaths}), as one object. Where `source` no
 * longer has an object the program set one in (a map entry deleted, a field cleared to `null`),
 * what it has there instead is taken: that is the drift a refresh records.
 */
export function pickPaths(source: Plain, paths: readonly string[]): Plain {
  const out: Plain = {};
  for (const path of paths) {
    const keys = path.split(".").map(unescapeSegment);
    let from: Plain = source;
    let to: Plain = out;
    for (const [i, key] of keys.entries()) {
      const value = from[key];
      if (value === undefined) break;
      if (keys[i + 1] === "" && i + 2 === keys.length) {
        to[key] = isPlainObject(value) ? {} : value;
        break;
      }
      if (i === keys.length - 1 || !isPlainObject(value)) {
        to[key] = value;
        break;
      }
      if (!isPlainObject(to[key])) to[key] = {};
      to = to[key] as Plain;
      from = value;
    }
  }
  return out;
}

const escapeSegment = (segment: string) =>
  segment.replace(/[%.,]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const unescapeSegment = (segment: string) => decodeURIComponent(segment);
