/**
 * Redaction happens where a request is described, never afterwards: an error or log line is built
 * from the path alone (no query string, which is where Metered's secret key travels) and from
 * header names, never header values.
 */
export function describePath(pathWithQuery: string): string {
  const q = pathWithQuery.indexOf("?");
  return q === -1 ? pathWithQuery : pathWithQuery.slice(0, q);
}

/** Removes every occurrence of the given secrets from free text an API sent back (bodies can echo input). */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}
