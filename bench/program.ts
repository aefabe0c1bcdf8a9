import { createRequire } from "node:module";
import { join } from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type * as Floor from "./floor/resource";
import { roomSpecs } from "./rooms";

/** Which implementation a stack is built on. */
export type Impl = "ours" | "floor";

/**
 * The stack program: the same rooms on our providers or on the floor. Both are loaded by package
 * name from node_modules, as a user's program loads ours, so both providers serialize as a
 * `require` of an installed module and neither is copied into state by value.
 */
export function stackProgram(root: string, impl: Impl, n: number, changed: () => boolean): PulumiFn {
  const load = createRequire(join(root, "package.json"));
  return async () => {
    const classes =
      impl === "ours"
        ? (load("pulumi-video-rooms") as typeof import("pulumi-video-rooms"))
        : (load("pulumi-video-rooms/dist/bench/floor/resource.js") as typeof Floor);
    const Hms = "HmsRoom" in classes ? classes.HmsRoom : classes.FloorHmsRoom;
    const Metered = "MeteredRoom" in classes ? classes.MeteredRoom : classes.FloorMeteredRoom;
    for (const room of roomSpecs(n, changed())) {
      if (room.service === "hms") new Hms(room.name, room.args);
      else new Metered(room.name, room.args);
    }
  };
}
