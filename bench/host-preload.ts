// Preloaded into the dynamic-provider host by profile.ts (NODE_OPTIONS=--require ...): the engine
// stops its plugins with a signal, and a Node process killed by a signal never writes its
// --cpu-prof profile. Exiting normally on SIGINT/SIGTERM lets it write the profile first.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => process.exit(0));
}
