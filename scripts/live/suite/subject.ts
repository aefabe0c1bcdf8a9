import type { Output } from "@pulumi/pulumi";
import type { Service } from "../target";

/** A property edit of a room: the new arguments and the properties a preview must name. */
export interface Edit<Args> {
  args: Args;
  properties: string[];
  /** Said once when part of the edit could not be made (e.g. no second template to move to). */
  note?: string;
}

/**
 * What the lifecycle needs of one service: the rooms to declare, how to change them, and how to
 * look at them through the guarded API client (the way a colleague or the dashboard would), never
 * through the provider under test.
 */
export interface Subject<Args> {
  service: Service;
  /** Declares a room in the program; resolves to the room's id. */
  declare(logical: string, args: Args): Output<string>;
  /** The rooms of the first up, by logical name; one of them is `main`, the one the steps edit. */
  initial(): Record<string, Args>;
  /** Changes every kind of property `main` has. */
  edit(args: Args): Edit<Args>;
  renamed(args: Args, name: string): Args;
  /** Throws unless the service holds the room `id` as `args` declare it. */
  check(id: string, args: Args): Promise<void>;
  /** Changes the room out of band, as a colleague would; resolves to the property changed. */
  drift(id: string, args: Args): Promise<string>;
  /** Makes a room named `name` outside Pulumi; resolves to its id. */
  createOutside(name: string): Promise<string>;
  /** A declaration taking over the room `name`. */
  adopting(name: string): Args;
  /** Throws unless `pulumi destroy` left the room as the service documents (disabled, or gone). */
  checkDestroyed(id: string, args: Args): Promise<void>;
  /** Values the suite planted in secret properties: never printed. */
  planted: string[];
}
