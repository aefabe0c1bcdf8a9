import type { Plain } from "../plain";
import { secretProperties } from "../properties/field";
import { type Unapplied, unappliedProperties } from "./compare";
import { PartialStateError, RoomError } from "./errors";
import { fromApi } from "./mapping";
import { normalizeRead } from "./normalize";
import type { RoomService, RoomView } from "./room-service";

/** The room's properties as the API reported them, in the schema's types. */
export function reportedProperties(service: RoomService, view: RoomView): Plain {
  return { ...normalizeRead(service.schema, fromApi(service.fields, view.room)), ...view.own };
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
