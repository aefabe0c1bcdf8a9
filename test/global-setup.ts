// Filled in by the engine setup: makes sure the pinned Pulumi engine is built before any test runs.
export default async function setup(): Promise<void> {}
