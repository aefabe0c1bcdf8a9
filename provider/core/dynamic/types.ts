import type * as pulumi from "@pulumi/pulumi";

/**
 * The public Args type of a resource, derived from the zod schema's inferred type: every property,
 * at every depth, may be a `pulumi.Input`. The mapping is homomorphic, so the TSDoc written on the
 * schema's properties carries over to the Args users see in their editor.
 */
export type InputsOf<T> = {
  [K in keyof T]: pulumi.Input<DeepInput<T[K]>>;
};

type DeepInput<T> = T extends readonly (infer E)[]
  ? pulumi.Input<DeepInput<E>>[]
  : T extends object
    ? { [K in keyof T]: pulumi.Input<DeepInput<T[K]>> }
    : T;
