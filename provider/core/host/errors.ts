import { ConfigError } from "../config/settings";
import { ApiError } from "../http/errors";
import type { FieldTable } from "../properties/field";
import type { RoomView } from "./room-service";

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
 * An expected failure the message fully explains. The provider host prints an error's stack
 * under the message; for these the frames are noise, so the stack is the message alone.
 */
export function explainedError(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/**
 * The error a user sees: which resource (`label`), which property when the API's message names
 * its field, what went wrong and what to do.
 */
export function userFacingError(err: unknown, label: string, fields: FieldTable): Error {
  if (err instanceof PartialStateError) return userFacingError(err.cause, label, fields);
  if (ApiError.is(err)) {
    const property = propertyNamedBy(fields, [err.apiMessage ?? "", ...err.details].join(" "));
    return explainedError(`${label}${property ? ` (property ${property})` : ""}: ${err.message}`);
  }
  if (err instanceof ConfigError || err instanceof RoomError)
    return explainedError(`${label}: ${err.message}`);
  // Not expected (a bug, most likely): still say which resource, and keep the stack for a report.
  const error = new Error(`${label}: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.stack) error.stack = `${label}: ${err.stack}`;
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
