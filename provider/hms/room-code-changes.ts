import { isPlainObject } from "../core/plain";

/**
 * Whether the roles of the room's template, as the program knows them (`templateRoles`: sorted
 * names from a linked template, `null` while not known in a preview, undefined when the template
 * is not linked), differ from the roles the recorded `roomCodes` map holds. Then the room's codes
 * need a sync: a code for a new role, a removed role's code disabled. Makes no call.
 */
export function templateRolesChanged(
  recorded: unknown,
  wanted: unknown,
  templateRoles: readonly string[] | null | { apply: unknown } | undefined,
): boolean {
  if (wanted !== true || templateRoles === undefined) return false;
  if (templateRoles === null) return true;
  // A recorded value that is no map differs from `true` anyway: the ordinary comparison shows it.
  if (!Array.isArray(templateRoles) || !isPlainObject(recorded)) return false;
  const have = Object.keys(recorded).sort();
  return have.length !== templateRoles.length || have.some((role, i) => role !== templateRoles[i]);
}
