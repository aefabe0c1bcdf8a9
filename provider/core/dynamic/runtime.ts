import type { z } from "zod";
import { ConfigError, rememberStackConfig } from "../config/settings";
import { ApiError } from "../http/errors";
import { type CheckFailure, validate } from "./check";
import { compact } from "./compact";
import {
  changedProperties,
  type FieldTable,
  fromApi,
  overlay,
  pick,
  secretProperties,
  type Unapplied,
  unappliedProperties,
} from "./fields";
import { withoutHostCopy } from "./host-log";
import { normalizeRead } from "./normalize";

type Plain = Record<string, unknown>;

/** A room as the service returned it, plus outputs computed from it (ids, URLs, timestamps). */
export interface RoomView {
  id: string;
  room: Plain;
  computed: Plain;
}

/**
 * What one service provides to the shared provider logic: its schema and field table, and the
 * four API operations. Everything Pulumi-specific (check, diff, output assembly, error wording,
 * partial state) is done once, here, for every service.
 */
export interface RoomService {
  /** Resource class name, used in messages ("HmsRoom"). */
  kind: string;
  schema: z.ZodType;
  fields: FieldTable;
  /** The property that names the room ("name" / "roomName"); auto-named when not set. */
  nameProperty: string;
  /** Values the provider assumes when the program leaves them out (e.g. `enabled: true`). */
  defaults: Plain;
  /** Throws a ConfigError when credentials or endpoints are missing or invalid; makes no call. */
  assertConfigured(): void;
  /** `autoNamed`: the name is the resource's own generated one (so a room under it is ours). */
  create(args: Plain, context: { autoNamed: boolean }): Promise<RoomView>;
  /** undefined when the room no longer exists. */
  read(id: string, stored: Plain): Promise<RoomView | undefined>;
  update(id: string, stored: Plain, args: Plain, changed: string[]): Promise<RoomView>;
  delete(id: string, stored: Plain): Promise<void>;
}

/**
 * Thrown by a service when a write reached the room but did not finish (a follow-up call failed,
 * or the API did not apply a property): the engine then records the room as the API reported it,
 * with its id (partial state), instead of forgetting it or recording the change as done, and the
 * next `up` finishes the job.
 */
export class PartialStateError extends Error {
  constructor(
    readonly view: RoomView,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** A failure the user can act on that is not an API error (e.g. a name taken by someone else's room). */
export class RoomError extends Error {
  override name = "RoomError";
}

/**
 * A call addressed to room `id` must be answered with that room: anything else (a proxy's cache,
 * an upsert that landed on another room) is not this resource's to record.
 */
export function expectSameRoom(id: string, answeredId: unknown, what: string): void {
  if (answeredId === id) return;
  throw new RoomError(
    `the API answered ${what} of room ${id} with another room (${String(answeredId)}); nothing was recorded. ` +
      "Run `pulumi refresh` and check the room in the service's dashboard",
  );
}

/** The room's properties as the API reported them, in the schema's types. */
export function reportedProperties(service: RoomService, view: RoomView): Plain {
  return normalizeRead(service.schema, fromApi(service.fields, view.room));
}

/**
 * Checks a write's answer against what it sent (`sent`: properties, not API fields). A property the
 * API kept at another value fails the step, naming the property, the value sent and the value
 * kept, and the room is recorded as the API reported it, so no change is recorded as done that did
 * not happen.
 */
export function expectApplied(service: RoomService, sent: Plain, view: RoomView): RoomView {
  const unapplied = unappliedProperties(service.fields, sent, reportedProperties(service, view));
  if (unapplied.length === 0) return view;
  throw new PartialStateError(view, new RoomError(notAppliedMessage(service, unapplied)));
}

function notAppliedMessage(service: RoomService, unapplied: Unapplied[]): string {
  const secret = secretProperties(service.fields);
  const show = (property: string, value: unknown) =>
    secret.includes(property) ? "[secret]" : JSON.stringify(value);
  const each = unapplied.map(
    ({ property, sent, kept }) =>
      `property ${property}: sent ${show(property, sent)}, the room still has ${show(property, kept)}`,
  );
  return (
    `the API answered without applying the change (${each.join("; ")}). ` +
    "The room is recorded as the API reported it, so the next `pulumi preview` shows the change again; " +
    "check the value is one the service accepts, or change it in the service's dashboard"
  );
}

/** Inputs the program adds that are not user properties. */
const INTERNAL = ["__provider", "autoName"] as const;
/** Output listing the properties the program sets, so `read` can tell them from server defaults. */
const INPUT_KEYS = "__inputKeys";
/** Output marking partial state: outputs then differ from inputs and must be diffed as such. */
const INCOMPLETE = "__incomplete";

function userArgs(inputs: Plain): Plain {
  const out: Plain = {};
  for (const [k, v] of Object.entries(inputs)) {
    if (!(INTERNAL as readonly string[]).includes(k) && k !== INPUT_KEYS && k !== INCOMPLETE) out[k] = v;
  }
  return out;
}

/**
 * Builds the dynamic provider for one service. Each service's provider module exports the result
 * as its whole `module.exports`: `dynamic.Resource` serializes a provider that *is* an installed
 * module's exports as `require("pulumi-video-rooms/dist/provider/<service>/provider.js")` (a few
 * hundred bytes in state), captures nothing else (no credentials, schema or HTTP agent), and old
 * state runs the installed code after an upgrade (pulumi-dynamic.md §2 pitfalls 1, 2, 4, 6).
 */
export function roomProvider(service: RoomService, configKeys: readonly string[]) {
  const argKeys = Object.keys(service.fields);
  // Every declared output is present in state, null when unset: a missing one would read as
  // unknown in the next preview, and every value computed from it would show as a change.
  const unset = Object.fromEntries(
    Object.entries(service.fields).flatMap(([k, spec]) => (spec ? [[k, null]] : [])),
  );

  const outputsOf = (args: Plain, view: RoomView, autoName: unknown): Plain =>
    compact({
      ...unset,
      ...overlay(service.fields, args, reportedProperties(service, view)),
      ...Object.fromEntries(Object.entries(view.computed).map(([k, v]) => [k, v ?? null])),
      autoName,
      // One string, not an array: state prints an array one item per line (bench: ~300 B a room).
      [INPUT_KEYS]: argKeys.filter((k) => args[k] !== undefined).join(","),
    });

  const label = (args: Plain) => `${service.kind} "${String(args[service.nameProperty] ?? "?")}"`;

  /** Error text naming the resource, the property when the API names its field, and what to do. */
  const explain = (err: unknown, args: Plain): Error => {
    if (err instanceof PartialStateError) return explain(err.cause, args);
    if (ApiError.is(err)) {
      const property = propertyNamedBy(service.fields, [err.apiMessage ?? "", ...err.details].join(" "));
      return actionable(`${label(args)}${property ? ` (property ${property})` : ""}: ${err.message}`);
    }
    if (err instanceof ConfigError || err instanceof RoomError)
      return actionable(`${label(args)}: ${err.message}`);
    // Not expected (a bug, most likely): still say which resource, and keep the stack for a report.
    const error = new Error(`${label(args)}: ${err instanceof Error ? err.message : String(err)}`);
    if (err instanceof Error && err.stack) error.stack = `${label(args)}: ${err.stack}`;
    return error;
  };

  /**
   * The error a create or update throws. A write that reached the room but did not finish is
   * recorded as partial state: the host turns an error carrying `id` into ErrorResourceInitFailed;
   * it does not add __provider, so it must travel in `properties` or later calls cannot load us.
   */
  const failure = (
    err: unknown,
    args: Plain,
    inputs: Plain,
    update?: { olds: Plain; changed: readonly string[] },
  ): Error => {
    if (!(err instanceof PartialStateError)) return explain(err, args);
    const message = explain(err.cause, args).message;
    const outs = outputsOf(args, err.view, inputs.autoName);
    const properties = {
      ...(update ? keepUnwritten(outs, update.olds, update.changed) : outs),
      [INCOMPLETE]: true,
    };
    return Object.assign(actionable(message), {
      id: err.view.id,
      properties: { ...properties, __provider: inputs.__provider },
      reasons: [message],
    });
  };

  /**
   * An update records what it wrote, as the API reported it; every other property keeps its
   * recorded value until a refresh. Recording a value changed outside Pulumi here would make the
   * next diff (outputs against inputs) put it back, even for a property under `ignoreChanges`.
   */
  const keepUnwritten = (outs: Plain, olds: Plain, changed: readonly string[]): Plain => {
    const kept: Plain = { ...outs };
    for (const [prop, spec] of Object.entries(service.fields)) {
      if (spec && !changed.includes(prop) && olds[prop] !== undefined) kept[prop] = olds[prop];
    }
    return kept;
  };

  return {
    /** Remembers the stack config; never throws (a failed configure is never retried by the host). */
    async configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
      rememberStackConfig((key) => req.config.get(key), configKeys);
    },

    async check(olds: Plain, news: Plain): Promise<{ inputs: Plain; failures: CheckFailure[] }> {
      try {
        service.assertConfigured();
      } catch (err) {
        // A failure, not a throw: the host would print a thrown error a second time, with its
        // stack, under the stack resource (pulumi-dynamic.md §1.3: raise config problems from check).
        if (err instanceof ConfigError)
          return { inputs: news, failures: [{ property: "", reason: err.message }] };
        throw err;
      }
      const args = userArgs(news);
      const failures = validate(service.schema, args);
      if (failures.length > 0) return { inputs: news, failures };
      // A name generated once stays: a renamed project or stack must not rename live rooms.
      const wasAuto = typeof olds.autoName === "string" && olds[service.nameProperty] === olds.autoName;
      const autoName = wasAuto ? olds.autoName : news.autoName;
      const name = args[service.nameProperty] ?? autoName;
      return {
        inputs: compact({
          ...service.defaults,
          ...args,
          [service.nameProperty]: name,
          autoName,
          __provider: news.__provider,
        }),
        failures: [],
      };
    },

    async diff(_id: string, olds: Plain, news: Plain) {
      const changed = changedProperties(service.fields, olds, userArgs(news));
      if (changed.length === 0) return { changes: false };
      // Leaving `changes` undefined lets the engine diff old and new inputs itself, which gives
      // `preview --diff` its per-property detail and makes `replaceOnChanges` work
      // (pulumi-dynamic.md §1.5). Partial state is the exception: its outputs are not its inputs.
      return { changes: olds[INCOMPLETE] === true ? true : undefined };
    },

    async create(inputs: Plain) {
      const args = userArgs(inputs);
      try {
        const autoNamed =
          typeof inputs.autoName === "string" && args[service.nameProperty] === inputs.autoName;
        const view = await service.create(args, { autoNamed });
        return { id: view.id, outs: outputsOf(args, view, inputs.autoName) };
      } catch (err) {
        throw failure(err, args, inputs);
      }
    },

    async read(id: string, props: Plain) {
      const stored = userArgs(props);
      try {
        const view = await service.read(id, stored);
        if (!view) return {};
        const keys =
          typeof props[INPUT_KEYS] === "string" ? props[INPUT_KEYS].split(",").filter(Boolean) : [];
        const outs = outputsOf(stored, view, props.autoName);
        (outs as Plain)[INPUT_KEYS] = keys.join(",");
        // Returning inputs makes refresh record drift in what the program manages (and only that).
        const inputs = compact({ ...pick(outs, keys), autoName: props.autoName });
        return { id: view.id, props: outs, inputs };
      } catch (err) {
        throw withoutHostCopy(explain(err, stored));
      }
    },

    async update(id: string, olds: Plain, news: Plain) {
      const args = userArgs(news);
      const changed = changedProperties(service.fields, olds, args);
      try {
        const view = await service.update(id, userArgs(olds), args, changed);
        return { outs: keepUnwritten(outputsOf(args, view, news.autoName), olds, changed) };
      } catch (err) {
        throw failure(err, args, news, { olds, changed });
      }
    },

    async delete(id: string, props: Plain) {
      try {
        await service.delete(id, userArgs(props));
      } catch (err) {
        throw withoutHostCopy(explain(err, userArgs(props)));
      }
    },
  };
}

/**
 * An expected failure the message fully explains. The provider host prints an error's stack
 * under the message; for these the frames are noise, so the stack is the message alone.
 */
function actionable(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/** The resource property whose API field name an error text mentions, if any. */
function propertyNamedBy(table: FieldTable, text: string, prefix = ""): string | undefined {
  for (const [prop, spec] of Object.entries(table)) {
    if (!spec) continue;
    if (spec.fields) {
      const inner = propertyNamedBy(spec.fields, text, `${prefix}${prop}.`);
      if (inner) return inner;
    }
    if (spec.api.length > 3 && new RegExp(`\\b${spec.api}\\b`).test(text)) return `${prefix}${prop}`;
  }
  return undefined;
}
