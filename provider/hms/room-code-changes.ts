import { isPlainObject } from "../core/plain";

/**
 * Whether the room's template has a role, as the program knows it (`templateRoles`: sorted names
 * of the roles a linked template sets, `null` while not known in a preview, undefined when the
 * template is not linked), that the recorded `roomCodes` map holds no code for: the room's codes
 * then need a sync at this `up`. Only the roles the program sets are known here, so a role the
 * template no longer has, or one added in the dashboard, is found by `pulumi refresh` instead
 * (its code reads as `null`). Makes no call.
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
  return templateRoles.some((role) => typeof recorded[role] !== "string");
}
