/**
 * What went wrong, as a value a user can act on. Modelled on stripe's StripeError and octokit's
 * RequestError: a stable `kind` to branch on (not `instanceof`: the provider's code is loaded in
 * two processes), the API's own message and details, and a hint saying what to do.
 */
export type ApiErrorKind =
  | "auth"
  | "permission"
  | "not_found"
  | "invalid"
  | "conflict"
  | "rate_limit"
  | "server"
  | "network"
  | "timeout"
  | "tls"
  | "protocol";

interface ApiErrorInit {
  service: string;
  method: string;
  /** Request path with no query string: the Metered secret key travels in the query. */
  path: string;
  kind: ApiErrorKind;
  status?: number;
  apiMessage?: string;
  details?: string[];
  hint?: string;
  attempts?: number;
}

const ERROR_BRAND = Symbol.for("pulumi-video-rooms.ApiError");

/** An error from the 100ms or Metered API, or from reaching it. */
export class ApiError extends Error {
  /** The service: "100ms" or "Metered". */
  readonly service: string;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Request path, without the query string (where Metered's secret key travels). */
  readonly path: string;
  /** What kind of failure this is; stable across versions, unlike the message. */
  readonly kind: ApiErrorKind;
  /** HTTP status, when the service answered at all. */
  readonly status?: number;
  /** The service's own error message (secrets scrubbed). */
  readonly apiMessage?: string;
  /** The service's error details (100ms sends a list). */
  readonly details: string[];
  /** What to do about it. */
  readonly hint?: string;
  /** How many times the request was sent before this error was final. */
  readonly attempts: number;

  constructor(init: ApiErrorInit) {
    super(formatMessage(init));
    this.name = "ApiError";
    this.service = init.service;
    this.method = init.method;
    this.path = init.path;
    this.kind = init.kind;
    this.status = init.status;
    this.apiMessage = init.apiMessage;
    this.details = init.details ?? [];
    this.hint = init.hint;
    this.attempts = init.attempts ?? 1;
    Object.defineProperty(this, ERROR_BRAND, { value: true });
  }

  /** Whether a value is an ApiError, even one made by another copy of this package. */
  static is(value: unknown): value is ApiError {
    return (
      typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[ERROR_BRAND] === true
    );
  }
}

// How a failure without an HTTP status reads after "failed with"; other kinds read as their name.
const STATUSLESS_LABEL: Partial<Record<ApiErrorKind, string>> = { tls: "a TLS certificate error" };

function formatMessage(init: ApiErrorInit): string {
  const what = `${init.service} API ${init.method} ${init.path}`;
  const status =
    init.status === undefined ? (STATUSLESS_LABEL[init.kind] ?? init.kind) : `HTTP ${init.status}`;
  const said = init.apiMessage ? `: ${JSON.stringify(init.apiMessage)}` : "";
  const details = init.details?.length ? ` (${init.details.join("; ")})` : "";
  const tries = (init.attempts ?? 1) > 1 ? ` after ${init.attempts} attempts` : "";
  const hint = init.hint ? `. ${init.hint}` : "";
  return `${what} failed${tries} with ${status}${said}${details}${hint}`;
}

/** The kind of an HTTP failure status. */
export function kindOfStatus(status: number): ApiErrorKind {
  if (status === 401) return "auth";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate_limit";
  if (status >= 500) return "server";
  return "invalid";
}

/** What a user should do about an error of each kind, unless the service knows better. */
export function defaultHint(kind: ApiErrorKind): string | undefined {
  switch (kind) {
    case "auth":
      return "Check the credentials in stack config or the environment";
    case "permission":
      return "The credentials are valid but not allowed to do this; check the workspace/app they belong to";
    case "invalid":
      return "Fix the property the API names and run `pulumi preview` again";
    case "rate_limit":
      return "The API kept rate-limiting after every retry; lower requestsPerSecond or run again later";
    case "server":
      return "The service kept failing after every retry; run the same Pulumi command again later";
    case "network":
    case "timeout":
      return "Check the apiUrl and the network, then run the same Pulumi command again (safe to repeat)";
    // Running again cannot help: the same certificate fails the same way until trust or the URL changes.
    case "tls":
      return (
        "The server's TLS certificate did not verify. If the API is reached through a private CA " +
        "(a corporate proxy or gateway), set NODE_EXTRA_CA_CERTS to that CA's PEM file in the " +
        "environment of the pulumi command; otherwise check that the apiUrl names the API's host " +
        "and that its certificate is valid"
      );
    // Retrying cannot help either: whatever answered will answer the same way.
    case "protocol":
      return "Check the apiUrl: a proxy, gateway or login page may have answered instead of the API";
    default:
      return undefined;
  }
}
