// The serialized dynamic provider loads its implementation with
// require("pulumi-video-rooms/dist/...") from the program's directory, as it will in a user's
// program. Inside this repository that name must resolve too, so link node_modules/<name> to the
// repo root (npm ci runs this as the `prepare` script).
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { name } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const link = join(root, "node_modules", name);
mkdirSync(dirname(link), { recursive: true });
if (existsSync(link) || lstatSync(link, { throwIfNoEntry: false })) unlinkSync(link);
symlinkSync("..", link, "dir");
