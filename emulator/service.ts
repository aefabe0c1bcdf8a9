import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./http/reply";

/** An API request after the transport layer: routed to a service, body read and size-checked. */
export interface ApiRequest {
  readonly method: string;
  /** Decoded path segments below the service prefix; `null` when the path is not valid percent-encoding. */
  readonly segments: string[] | null;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One emulated API (100ms or Metered): its routes and its own error shape. */
export interface Service {
  readonly name: "hms" | "metered";
  /** Which credential a request uses, for the per-credential rate limit. Never shown anywhere. */
  credentialKey(headers: IncomingHttpHeaders, query: URLSearchParams): string;
  /** An error in this API's body shape, for answers the transport layer gives (faults, 413, 429, 500). */
  errorReply(status: number, message: string, headers?: Record<string, string>): Reply;
  handle(request: ApiRequest): Promise<Reply>;
}
