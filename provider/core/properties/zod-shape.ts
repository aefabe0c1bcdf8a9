import { z } from "zod";

/** The schema under any optional, nullable, default or pipe wrappers. */
export function unwrap(schema: unknown): unknown {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPipe
  ) {
    current = current instanceof z.ZodPipe ? current.in : current.unwrap();
  }
  return current;
}

/** The property schemas of an object schema (wrappers looked through), or undefined. */
export function objectShape(schema: unknown): Record<string, unknown> | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, unknown>) : undefined;
}
