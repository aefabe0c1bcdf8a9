import type * as pulumi from "@pulumi/pulumi";

/**
 * The module the serialized provider loads at run time. Its path is stored in every user's state
 * (inside `__provider`), so it must never move or be renamed: see CHANGELOG.md's version policy.
 */
export const RUNTIME_ENTRY = "pulumi-video-rooms/dist/provider/entry.js";

/**
 * The provider object handed to `dynamic.Resource`, and so serialized into state. A thin shell of
 * plain data: each method `require`s the compiled implementation from the program's node_modules
 * when it runs, so nothing heavy (zod, undici agents) or secret (credentials) is captured, the text
 * stays a few hundred bytes, and old state runs the installed code after an upgrade.
 */
export function providerShell(service: string): pulumi.dynamic.ResourceProvider {
  const entry = RUNTIME_ENTRY;
  return {
    async configure(req) {
      try {
        require(entry).configure(service, req.config);
      } catch {
        // A throwing configure is never retried by the host; credentials are checked per call instead.
      }
    },
    check: (olds, news) => require(entry).provider(service).check(olds, news),
    diff: (id, olds, news) => require(entry).provider(service).diff(id, olds, news),
    create: (inputs) => require(entry).provider(service).create(inputs),
    read: (id, props) => require(entry).provider(service).read(id, props),
    update: (id, olds, news) => require(entry).provider(service).update(id, olds, news),
    delete: (id, props) => require(entry).provider(service).delete(id, props),
  };
}
