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

/**
 * The outputs a resource has for its properties, derived the same way (TSDoc included): each as
 * the service reports it, undefined when neither the program nor the service sets it.
 */
export type OutputsOf<T> = {
  readonly [K in keyof T]-?: pulumi.Output<T[K] | undefined>;
};
