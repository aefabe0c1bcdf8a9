/** The parts of a request target the emulator routes on. */
interface RequestTarget {
  /** Raw path without query string (still percent-encoded); what the request log shows. */
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * Splits a raw request target. Never throws: absolute-form targets (`http://host/p`) keep only their
 * path, and anything that is not origin-form (e.g. `*`) yields a path no route matches.
 */
export function parseTarget(rawUrl: string | undefined): RequestTarget {
  let raw = rawUrl ?? "";
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(raw);
  if (absolute) raw = raw.slice(absolute[0].length) || "/";
  const q = raw.indexOf("?");
  const path = q === -1 ? raw : raw.slice(0, q);
  return { path, query: new URLSearchParams(q === -1 ? "" : raw.slice(q + 1)) };
}

/**
 * The service whose prefix `path` is at or below, with the decoded path segments below the prefix
 * (one trailing slash ignored; `null` if undecodable); `undefined` when no service serves `path`.
 */
export function routeToService<S extends { readonly prefix: string }>(
  path: string,
  services: readonly S[],
): { service: S; segments: string[] | null } | undefined {
  for (const service of services) {
    const { prefix } = service;
    if (path === prefix || path.startsWith(`${prefix}/`)) {
      return { service, segments: decodeSegments(path.slice(prefix.length)) };
    }
  }
  return undefined;
}

function decodeSegments(rest: string): string[] | null {
  const parts = rest.split("/").slice(1);
  // `/rooms/` and `/rooms` are the same route: official API samples end collection paths with a slash.
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  try {
    return parts.map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
}
