import { RoomError } from "../core/host/errors";
import { toApi } from "../core/host/mapping";
import { isPlainObject, type Plain } from "../core/plain";
import type { FieldTable } from "../core/properties/field";

/**
 * Bodies for 100ms's template writes. Every write replaces what it addresses (a whole template, a
 * role, the settings, the destinations: §4.4, and §9.3 leaves the parts open), so each body is the
 * template's current part, read just before, with what the program sets laid over it: a field the
 * program does not set keeps its value, whatever 100ms does with fields a body leaves out.
 */

/** `over` laid on `base`, objects merged at every depth; lists and other values replaced. */
export function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = merge(base[key], value);
  return out;
}

/** The entries of a named map with each one's key as its `name`, which 100ms wants in the entry too (§3.4). */
export function named(map: Plain): Plain {
  return Object.fromEntries(
    Object.entries(map).map(([key, entry]) => [key, isPlainObject(entry) ? { ...entry, name: key } : entry]),
  );
}

/**
 * The settings to send: the current ones with the program's over them. Storage credentials are
 * never read back for sure (§9.8): an echo under `secret` is sent back under the documented
 * `secretKey`, and when 100ms shows none and the program sets none, the write is refused, since a
 * body without them could remove the credentials someone set in the dashboard.
 */
export function settingsBody(current: unknown, desired: Plain | undefined, fields: FieldTable): Plain {
  const spec = fields.settings;
  const wanted = desired && spec?.fields ? toApi(spec.fields, desired) : {};
  const body = merge(isPlainObject(current) ? current : {}, wanted) as Plain;
  const recording = body.recording;
  if (!isPlainObject(recording) || !isPlainObject(recording.upload)) return body;
  const upload: Plain = { ...recording.upload };
  const echoed = isPlainObject(upload.credentials) ? upload.credentials : undefined;
  const given = (wanted.recording as { upload?: { credentials?: Plain } } | undefined)?.upload?.credentials;
  if (given) upload.credentials = given;
  else if (echoed && typeof (echoed.secretKey ?? echoed.secret) === "string")
    upload.credentials = { key: echoed.key, secretKey: echoed.secretKey ?? echoed.secret };
  else
    throw new RoomError(
      "property settings: this template uploads recordings to its own storage, and 100ms does not show " +
        "the storage credentials, so a write of its settings could remove them; nothing was written. Set " +
        "settings.recording.upload.credentials in the program (kept as a secret), or make this change in the 100ms dashboard",
    );
  return { ...body, recording: { ...recording, upload } };
}

/**
 * The destinations to send: the current ones, each entry the program sets laid over its current
 * value, and the entries the program set before but no longer sets removed. Entries the program
 * never set (added in the dashboard) stay; only the kinds the program sets are touched.
 */
export function destinationsBody(
  current: unknown,
  desired: Plain,
  before: unknown,
  table: FieldTable,
): Plain {
  const body: Plain = isPlainObject(current) ? structuredClone(current) : {};
  for (const [kind, wanted] of Object.entries(desired)) {
    const spec = table[kind];
    if (!spec?.entries || !isPlainObject(wanted)) continue;
    const entries: Plain = isPlainObject(body[kind]) ? { ...(body[kind] as Plain) } : {};
    for (const key of removedKeys(isPlainObject(before) ? before[kind] : undefined, wanted))
      delete entries[key];
    for (const [key, entry] of Object.entries(wanted))
      entries[key] = merge(entries[key], isPlainObject(entry) ? toApi(spec.entries, entry) : entry);
    body[kind] = named(entries);
  }
  return body;
}

/** The keys a map of the program's held before and no longer holds: what the program removed. */
export function removedKeys(before: unknown, now: unknown): string[] {
  if (!isPlainObject(before)) return [];
  return Object.keys(before).filter((key) => !isPlainObject(now) || now[key] === undefined);
}
