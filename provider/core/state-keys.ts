import { isUnknown, UNKNOWN } from "./host/unknowns";
import type { Plain } from "./plain";

/**
 * The keys the provider keeps in a resource's inputs and outputs beside the user's properties,
 * encoded and decoded here only, on both sides (the program sends the generated name). Every one
 * starts with `__`, which the engine treats as internal: never shown in a diff or in outputs.
 * Their names are in users' state: never rename one.
 */
const KEYS = {
  /** The SDK's serialized provider: must travel in every properties object the engine records. */
  provider: "__provider",
  /**
   * The generated name: made by the program (project, stack and logical name are only known
   * there), then kept as first recorded, so a renamed project or stack never renames a room.
   */
  autoName: "__autoName",
  /** The properties the program sets, so `read` tells them from server defaults. */
  inputKeys: "__inputKeys",
  /** Partial state: outputs then differ from inputs and must be diffed as such. */
  incomplete: "__incomplete",
  /**
   * The program already reported the inputs invalid (program/preflight.ts): check lets them
   * through so the engine goes on to the next resource; nothing may write them. Never in state.
   */
  reportedInvalid: "__reportedInvalid",
  /**
   * The sorted role names of the room's template, when `templateId` is the id of a template in
   * the same program (hms/template-link.ts): a role added to or removed from that template changes
   * the room's inputs, so the room's diff shows it and its update syncs the room codes. Inputs only.
   */
  templateRoles: "__templateRoles",
} as const;

/** What the provider keeps about a resource besides its properties. */
export interface Internal {
  provider?: unknown;
  autoName?: string;
  inputKeys?: string[];
  incomplete?: boolean;
  /** The program sends a promise of it (registration waits for it); the provider reads a boolean. */
  reportedInvalid?: boolean | Promise<boolean>;
  /**
   * The program sends an Output of the names; the provider reads them sorted, or `null` while they
   * are not known yet (preview).
   */
  templateRoles?: readonly string[] | null | { apply: unknown };
}

const INTERNAL_NAMES = new Set<string>(Object.values(KEYS));

/** Splits inputs or outputs into the user's properties and the provider's own keys. */
export function decode(props: Plain): { args: Plain; internal: Internal } {
  const args: Plain = {};
  for (const [k, v] of Object.entries(props)) if (!INTERNAL_NAMES.has(k)) args[k] = v;
  const keys = props[KEYS.inputKeys];
  const autoName = props[KEYS.autoName];
  return {
    args,
    internal: {
      provider: props[KEYS.provider],
      autoName: typeof autoName === "string" ? autoName : undefined,
      inputKeys: typeof keys === "string" ? keys.split(",").filter(Boolean) : undefined,
      incomplete: props[KEYS.incomplete] === true || undefined,
      reportedInvalid: props[KEYS.reportedInvalid] === true || undefined,
      templateRoles: roleNames(props[KEYS.templateRoles]),
    },
  };
}

/** The user's properties with the provider's own keys added (those set). */
export function encode(args: Plain, internal: Internal): Plain {
  const out: Plain = { ...args };
  if (internal.provider !== undefined) out[KEYS.provider] = internal.provider;
  if (internal.autoName !== undefined) out[KEYS.autoName] = internal.autoName;
  // One string, not an array: state prints an array one item per line (bench: ~300 B a room).
  if (internal.inputKeys !== undefined) out[KEYS.inputKeys] = internal.inputKeys.join(",");
  if (internal.incomplete) out[KEYS.incomplete] = true;
  if (internal.reportedInvalid !== undefined) out[KEYS.reportedInvalid] = internal.reportedInvalid;
  if (internal.templateRoles !== undefined)
    out[KEYS.templateRoles] = internal.templateRoles === null ? UNKNOWN : internal.templateRoles;
  return out;
}

/** Role names as recorded: sorted strings, `null` when unknown (at any depth), else undefined. */
function roleNames(value: unknown): readonly string[] | null | undefined {
  if (isUnknown(value) || (Array.isArray(value) && value.some(isUnknown))) return null;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return undefined;
  return [...value].sort();
}
