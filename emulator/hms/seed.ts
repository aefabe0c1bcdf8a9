import type { HmsConfig } from "./config";
import type { HmsTemplateRecord } from "./records";
import { parseTemplate } from "./template-body";

// A fixed creation time for the seeded templates (the second their ids encode), so their objects
// are the same on every run.
const SEEDED_AT = "2024-05-24T14:18:26.000Z";

/**
 * The workspace's seeded templates as full objects: each role gets the documented defaults; the
 * first role (host, teacher) may also end the room, remove and mute others and change roles, and
 * every role subscribes to every role.
 */
export function seedTemplates(config: HmsConfig): HmsTemplateRecord[] {
  return config.templates.map(({ id, name, region, roles }) => {
    const subscribeParams = { subscribeToRoles: [...roles] };
    const body = {
      name,
      roles: Object.fromEntries(
        roles.map((role, i) => [
          role,
          i === 0
            ? {
                subscribeParams,
                permissions: { endRoom: true, removeOthers: true, mute: true, changeRole: true },
              }
            : { subscribeParams },
        ]),
      ),
      settings: { region },
    };
    const parsed = parseTemplate(body, "create");
    if (!parsed.ok) throw new Error(`seeded template ${name} is invalid`);
    const { roles: filled = {}, settings = {}, destinations = {} } = parsed.value;
    return {
      id,
      name,
      roles: filled,
      settings,
      destinations,
      recordings: [],
      createdAt: SEEDED_AT,
      updatedAt: SEEDED_AT,
    };
  });
}
