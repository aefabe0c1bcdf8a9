import type * as pulumi from "@pulumi/pulumi";

/**
 * Templates of the same program, by the Output of their id: an `HmsRoom` whose `templateId` is one
 * of these carries the template's role names as an internal input (state-keys.ts `templateRoles`),
 * so a role added to or removed from the template changes the room's inputs and its room codes
 * are synced at the same `pulumi up`. Weak: an Output no resource holds any more is not kept.
 */
const links = new WeakMap<object, pulumi.Output<string[]>>();

/**
 * Called by a template resource (`HmsTemplate`) with the Output of its id and of its role names.
 * A room is linked when its `templateId` is that very Output object (not one derived from it).
 */
export function linkTemplate(id: pulumi.Output<string>, roleNames: pulumi.Output<string[]>): void {
  links.set(id, roleNames);
}

/** The sorted role names of the template whose id is `templateId`, if it was linked. */
export function linkedTemplateRoles(templateId: unknown): pulumi.Output<string[]> | undefined {
  if (typeof templateId !== "object" || templateId === null) return undefined;
  return links.get(templateId)?.apply((names) => [...names].sort());
}
