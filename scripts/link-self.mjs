// Installs this repo into its own node_modules/pulumi-video-rooms, as a user's `npm install` would,
// so examples, tests, demo and benchmarks load the package exactly as users do.
//
// Why not a symlink: Node resolves symlinks to the real path, and Pulumi's closure serializer only
// writes `require("pulumi-video-rooms/...")` for modules whose path runs through node_modules;
// anything else is copied into state by value. Hard links keep a real node_modules path while
// sharing the built files. Run after every build (npm run build does), and by `prepare` on npm ci.
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { name, files } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const target = join(root, "node_modules", name);

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
linkSync(join(root, "package.json"), join(target, "package.json"));

function mirror(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) mirror(source, join(to, entry.name));
    else if (entry.isFile()) linkSync(source, join(to, entry.name));
  }
}

// What `npm pack` ships (package.json "files"), e.g. dist/provider and the policy/ subpath entry.
for (const entry of files) {
  const source = join(root, entry);
  if (!existsSync(source)) continue; // dist before the first build
  if (statSync(source).isDirectory()) mirror(source, join(target, entry));
  else {
    mkdirSync(dirname(join(target, entry)), { recursive: true });
    linkSync(source, join(target, entry));
  }
}
