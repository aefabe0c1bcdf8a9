// Loaded with `node --require` (through NODE_OPTIONS, so the Pulumi engine's Node processes load it
// too): resolves the host names in VIDEO_ROOMS_LOOPBACK_NAMES (comma-separated; `*.x.test` for a
// whole domain) to 127.0.0.1, without /etc/hosts or root. Everything else resolves as usual. It
// lets the live tools run unchanged against the emulator under a name that is not "localhost", as
// they would against the real services: same URL parsing, SNI and certificate name checks.
"use strict";
const dns = require("node:dns");

const patterns = (process.env.VIDEO_ROOMS_LOOPBACK_NAMES ?? "").split(",").filter(Boolean);
const matches = (name) =>
  typeof name === "string" &&
  patterns.some((p) => (p.startsWith("*.") ? name.endsWith(p.slice(1)) : name === p));

const lookup = dns.lookup;
dns.lookup = function loopbackLookup(...args) {
  const [hostname, options, callback] = args;
  if (!matches(hostname)) return lookup.apply(this, args);
  const cb = typeof options === "function" ? options : callback;
  const all = typeof options === "object" && options !== null && options.all;
  process.nextTick(() => (all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4)));
};

const promisesLookup = dns.promises.lookup;
dns.promises.lookup = function loopbackPromisesLookup(...args) {
  const [hostname, options] = args;
  if (!matches(hostname)) return promisesLookup.apply(this, args);
  const all = typeof options === "object" && options !== null && options.all;
  return Promise.resolve(all ? [{ address: "127.0.0.1", family: 4 }] : { address: "127.0.0.1", family: 4 });
};
