/** Ensures the pinned Pulumi engine is installed (building it if needed); resolves to its bin directory. */
export function ensureEngine(options?: { root?: string }): Promise<string>;
/** The @pulumi/pulumi version installed from the lockfile. */
export function lockedSdkVersion(root?: string): string;
