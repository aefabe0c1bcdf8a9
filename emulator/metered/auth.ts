import { createHash, timingSafeEqual } from "node:crypto";
import type { Reply } from "../http/reply";

/**
 * Checks the `secretKey` query parameter (metered-api.md §1, §9 item 1): missing → 400
 * "Please specify secret key", wrong → 401 "Invalid secret key" (bodies without `success`, as on
 * the TURN pages the wording comes from). Returns `undefined` when the key is right.
 */
export function checkSecretKey(query: URLSearchParams, secretKey: string): Reply | undefined {
  const given = query.get("secretKey");
  if (!given) return { status: 400, body: { message: "Please specify secret key" } };
  // Hash both sides so the comparison is constant-time whatever the lengths.
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  if (!timingSafeEqual(digest(given), digest(secretKey)))
    return { status: 401, body: { message: "Invalid secret key" } };
  return undefined;
}
