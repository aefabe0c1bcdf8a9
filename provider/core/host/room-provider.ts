import type * as pulumi from "@pulumi/pulumi";
import { ConfigError, rememberStackConfig } from "../config/settings";
import type { Plain } from "../plain";
import { decode, encode, type Internal } from "../state-keys";
import { validate } from "./check";
import { changedProperties } from "./compare";
import { engineSafe } from "./engine-safe";
import { explainedError, PartialStateError, userFacingError } from "./errors";
import { withoutHostCopy } from "./host-log";
import { inputPaths, pickPaths } from "./input-paths";
import { overlay } from "./mapping";
import type { RoomService, RoomView } from "./room-service";
import { reportedProperties } from "./verify";

/**
 * The dynamic provider of one service: the SDK's contract with every method present, and the
 * results it always gives (inputs and failures from check, outputs from create and update).
 */
export interface RoomProvider extends Required<pulumi.dynamic.ResourceProvider<Plain, Plain>> {
  /** Only `config.get` is used: tests and the host both give it. */
  configure(req: { config: Pick<pulumi.dynamic.Config, "get"> }): Promise<void>;
  check(olds: Plain, news: Plain): Promise<{ inputs: Plain; failures: pulumi.dynamic.CheckFailure[] }>;
  create(inputs: Plain): Promise<{ id: string; outs: Plain }>;
  update(id: string, olds: Plain, news: Plain): Promise<{ outs: Plain }>;
}

/**
 * Builds the dynamic provider for one service. Each service's provider module exports the result
 * as its whole `module.exports`: `dynamic.Resource` serializes a provider that *is* an installed
 * module's exports as `require("pulumi-video-rooms/dist/provider/<service>/provider.js")` (a few
 * hundred bytes in state), captures nothing else (no credentials, schema or HTTP agent), and old
 * state runs the installed code after an upgrade (pulumi-dynamic.md §2 pitfalls 1, 2, 4, 6).
 */
export function roomProvider(service: RoomService): RoomProvider {
  // Every declared output is present in state, null when unset: a missing one would read as
  // unknown in the next preview, and every value computed from it would show as a change.
  const unset = Object.fromEntries(
    Object.entries(service.fields).flatMap(([k, spec]) => (spec ? [[k, null]] : [])),
  );

  /** The outputs of a room: the program's args, overlaid with what the service reported. */
  const outputsOf = (args: Plain, view: RoomView): Plain => ({
    ...unset,
    ...overlay(service.fields, args, reportedProperties(service, view)),
    ...Object.fromEntries(Object.entries(view.computed).map(([k, v]) => [k, v ?? null])),
  });

  /**
   * Whether the room is named by the resource's generated name: then a room under that name is
   * the resource's own (derived from project, stack and logical name, no other resource makes it).
   */
  const isAutoNamed = (args: Plain, autoName: string | undefined) =>
    autoName !== undefined && args[service.nameProperty] === autoName;

  /**
   * The properties to write: those whose desired value differs from the recorded one, plus those
   * the service sees changed from internal inputs (a linked template's roles).
   */
  const changesOf = (olds: Plain, args: Plain, internal: Internal): string[] => {
    const changed = changedProperties(service.fields, olds, args);
    const hidden = service.hiddenChanges?.(decode(olds).args, args, internal) ?? [];
    return [...new Set([...changed, ...hidden])];
  };

  /** What a write records beside the outputs: the generated name, the set paths, a linked template's roles. */
  const recorded = (args: Plain, internal: Internal): Internal => ({
    autoName: internal.autoName,
    inputKeys: inputPaths(service.fields, args),
    templateRoles: known(internal.templateRoles),
  });

  /** Inputs for a refresh to record: managed properties as the input their reading stands for. */
  const inputsOf = (outs: Plain, keys: readonly string[]): Plain => {
    const picked = pickPaths(outs, keys);
    for (const [key, value] of Object.entries(picked)) {
      const inputOf = service.fields[key]?.inputOf;
      if (inputOf) picked[key] = inputOf(value);
    }
    return picked;
  };

  const label = (args: Plain) => `${service.kind} "${String(args[service.nameProperty] ?? "?")}"`;
  const explain = (err: unknown, args: Plain) => userFacingError(err, label(args), service.fields);

  /**
   * A write of inputs the program reported invalid (program/preflight.ts): refused before any
   * call, with the failures again, since `up --skip-preview` can stop at this error before the
   * program's own report is shown.
   */
  const refuseReported = (args: Plain, internal: Internal) => {
    if (!internal.reportedInvalid) return;
    const lines = validate(service.schema, args).map((f) => `\n  - ${f.property}: ${f.reason}`);
    const named = { ...args, [service.nameProperty]: args[service.nameProperty] ?? internal.autoName };
    throw explainedError(
      `${label(named)}: not written: its properties are invalid${lines.join("") || " (see above)"}`,
    );
  };

  /**
   * An update records what it wrote, as the API reported it; every other property keeps its
   * recorded value until a refresh. Recording a value changed outside Pulumi here would make the
   * next diff (outputs against inputs) put it back, even for a property under `ignoreChanges`.
   */
  const keepUnwritten = (outs: Plain, olds: Plain, changed: readonly string[], view: RoomView): Plain => {
    const kept: Plain = { ...outs };
    for (const [prop, spec] of Object.entries(service.fields)) {
      // A managed property the write read anew (room codes synced after a template move) is recorded as read.
      const readNow = view.own !== undefined && prop in view.own;
      if (spec && !changed.includes(prop) && !readNow && olds[prop] !== undefined) kept[prop] = olds[prop];
    }
    return kept;
  };

  /**
   * The error a create or update throws. A write that reached the room but did not finish is
   * recorded as partial state: the host turns an error carrying `id` into ErrorResourceInitFailed;
   * it does not add __provider, so it must travel in `properties` or later calls cannot load us.
   */
  const failure = (
    err: unknown,
    inputs: Plain,
    update?: { olds: Plain; changed: readonly string[] },
  ): Error => {
    const { args, internal } = decode(inputs);
    if (!(err instanceof PartialStateError)) return explain(err, args);
    const message = explain(err.cause, args).message;
    const outs = outputsOf(args, err.view);
    const properties = encode(update ? keepUnwritten(outs, update.olds, update.changed, err.view) : outs, {
      ...internal,
      inputKeys: inputPaths(service.fields, args),
      incomplete: true,
    });
    return Object.assign(explainedError(message), {
      id: err.view.id,
      properties: engineSafe(properties),
      reasons: [message],
    });
  };

  return {
    /** Remembers the stack config; never throws (a failed configure is never retried by the host). */
    async configure(req) {
      rememberStackConfig((key) => req.config.get(key), service.configKeys);
    },

    async check(olds, news) {
      const { args, internal } = decode(news);
      // The program has reported these inputs and failed: reporting them again would stop the
      // engine here, before the other resources' reports reach it.
      if (internal.reportedInvalid) return { inputs: engineSafe(news), failures: [] };
      try {
        service.assertConfigured();
      } catch (err) {
        // A failure, not a throw: the host would print a thrown error a second time, with its
        // stack, under the stack resource (pulumi-dynamic.md §1.3: raise config problems from check).
        if (err instanceof ConfigError)
          return { inputs: news, failures: [{ property: "", reason: err.message }] };
        throw err;
      }
      const failures = validate(service.schema, args);
      if (failures.length > 0) return { inputs: news, failures };
      // A name generated once stays, whether or not it names the room now: a renamed project or
      // stack must not rename live rooms, and a stable value never shows in a diff.
      const autoName = decode(olds).internal.autoName ?? internal.autoName;
      const inputs = encode(
        { ...service.assumed, ...args, [service.nameProperty]: args[service.nameProperty] ?? autoName },
        { provider: internal.provider, autoName, templateRoles: internal.templateRoles },
      );
      return { inputs: engineSafe(inputs), failures: [] };
    },

    async diff(_id, olds, news) {
      const { args, internal } = decode(news);
      if (internal.reportedInvalid) return { changes: true };
      const changed = changesOf(olds, args, internal);
      if (changed.length === 0) return { changes: false };
      // Leaving `changes` undefined lets the engine diff old and new inputs itself, which gives
      // `preview --diff` its per-property detail and makes `replaceOnChanges` work
      // (pulumi-dynamic.md §1.5). The exceptions: partial state (its outputs are not its inputs),
      // and a managed property, whose change (a code missing, a template role added) the inputs
      // need not show.
      const unseen = changed.some((p) => service.fields[p]?.managed);
      return { changes: decode(olds).internal.incomplete || unseen ? true : undefined };
    },

    async create(inputs) {
      const { args, internal } = decode(inputs);
      refuseReported(args, internal);
      try {
        const view = await service.create(args, { autoNamed: isAutoNamed(args, internal.autoName) });
        const outs = encode(outputsOf(args, view), recorded(args, internal));
        return { id: view.id, outs: engineSafe(outs) };
      } catch (err) {
        throw failure(err, inputs);
      }
    },

    async read(id, props = {}) {
      const { args: stored, internal } = decode(props);
      try {
        const view = await service.read(id, stored);
        if (!view) return {};
        const inputKeys = internal.inputKeys ?? [];
        const outs = outputsOf(stored, view);
        // Returning inputs makes refresh record drift in what the program manages (and only that).
        // The linked template's roles are the program's, not the room's: kept as recorded, or the
        // refresh would show them as drift.
        const templateRoles = known(internal.templateRoles);
        const inputs = encode(inputsOf(outs, inputKeys), { autoName: internal.autoName, templateRoles });
        return {
          id: view.id,
          props: engineSafe(encode(outs, { autoName: internal.autoName, inputKeys, templateRoles })),
          inputs: engineSafe(inputs),
        };
      } catch (err) {
        throw withoutHostCopy(explain(err, stored));
      }
    },

    async update(id, olds, news) {
      const { args, internal } = decode(news);
      refuseReported(args, internal);
      const changed = changesOf(olds, args, internal);
      try {
        const view = await service.update(id, decode(olds).args, args, changed);
        const outs = encode(
          keepUnwritten(outputsOf(args, view), olds, changed, view),
          recorded(args, internal),
        );
        return { outs: engineSafe(outs) };
      } catch (err) {
        throw failure(err, news, { olds, changed });
      }
    },

    async delete(id, props) {
      const { args } = decode(props);
      try {
        await service.delete(id, args);
      } catch (err) {
        throw withoutHostCopy(explain(err, args));
      }
    },
  };
}

/** A linked template's role names when they are known (always, once a write runs). */
function known(roles: Internal["templateRoles"]): string[] | undefined {
  return Array.isArray(roles) ? [...roles] : undefined;
}
