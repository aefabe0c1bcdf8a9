import type { EngineStack } from "./engine";

/** A resource as `pulumi stack export` records it (the fields the tests read). */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  external?: boolean;
  protect?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
}

/** The resources of a stack's state, through the Automation API's export (secrets decrypted). */
export async function stateResources(env: EngineStack): Promise<StateResource[]> {
  const state = await env.stack.exportStack();
  return (state.deployment.resources ?? []) as StateResource[];
}

/** The state's resources by logical name (the last part of the URN). */
export async function stateByName(env: EngineStack): Promise<Record<string, StateResource>> {
  return Object.fromEntries((await stateResources(env)).map((r) => [r.urn.split("::").pop()!, r]));
}
