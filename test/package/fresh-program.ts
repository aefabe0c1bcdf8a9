import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/engine";

const run = promisify(execFile);

/** PATH with the repo's Node 22 first, as npm scripts have it. */
export const NODE22_PATH = [join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(":");

export async function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const { stdout } = await run(cmd, args, {
    cwd,
    env: { ...process.env, PATH: NODE22_PATH, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Packs the repo as `npm publish` would; returns the tarball and npm's file list. */
export async function pack(into: string, from = REPO_ROOT) {
  const [info] = JSON.parse(
    await sh("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", into], from),
  ) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string }[];
  }[];
  return { tarball: join(into, info!.filename), size: info!.size, files: info!.files.map((f) => f.path) };
}

/**
 * A copy of the package whose internal modules moved (dist/provider/core -> internal), as a
 * refactor in a later release would do. Only the stable entries (dist/provider/<svc>/provider.js)
 * stay where they were: state written by the old layout must still load with the new one.
 */
export async function packMovedLayout(tarball: string, into: string) {
  const work = mkdtempSync(join(tmpdir(), "pvr-moved-"));
  await sh("tar", ["-xzf", tarball, "-C", work], work);
  const pkg = join(work, "package");
  renameSync(join(pkg, "dist/provider/core"), join(pkg, "dist/provider/internal"));
  for (const file of walk(join(pkg, "dist/provider"))) {
    if (!file.endsWith(".js") && !file.endsWith(".d.ts")) continue;
    const text = readFileSync(file, "utf8");
    const moved = text.replace(/(["'])(\.\.?\/(?:\.\.\/)*)core\//g, "$1$2internal/");
    if (moved !== text) writeFileSync(file, moved);
  }
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  writeFileSync(join(pkg, "package.json"), JSON.stringify({ ...manifest, version: "0.1.1-moved" }, null, 2));
  return pack(into, pkg);
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { HmsRoom, MeteredRoom } from "pulumi-video-rooms";

export = async () => {
  const lobby = new HmsRoom("lobby", { region: "eu", description: "installed from the tarball" });
  const webinar = new MeteredRoom("webinar", { privacy: "private", enableChat: true });
  return { lobbyId: lobby.roomId, webinarUrl: webinar.roomUrl, isRoom: pulumi.output(HmsRoom.isInstance(lobby)) };
};
`;

// Runs in the fresh program with ITS OWN @pulumi/pulumi: one lifecycle step per invocation.
const DRIVER = `const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");
const program = require("./index.js");
(async () => {
  const [op] = process.argv.slice(2);
  const pulumiCommand = await PulumiCommand.get({ root: process.env.ENGINE_ROOT, skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "fresh", projectName: "fresh-program", program },
    { workDir: __dirname, pulumiCommand, envVars: { PULUMI_BACKEND_URL: "file://" + __dirname + "/.state" } },
  );
  const e = JSON.parse(process.env.EMULATOR);
  await stack.setAllConfig({
    "hms:apiUrl": { value: e.url + "/v2" }, "hms:accessKey": { value: e.hms.accessKey },
    "hms:appSecret": { value: e.hms.appSecret, secret: true },
    "metered:apiUrl": { value: e.url }, "metered:appName": { value: e.metered.appName },
    "metered:secretKey": { value: e.metered.secretKey, secret: true },
  });
  const result =
    op === "up" ? (await stack.up()).summary.resourceChanges :
    op === "preview" ? (await stack.preview()).changeSummary :
    op === "refresh" ? (await stack.refresh()).summary.resourceChanges :
    (await stack.destroy()).summary.resourceChanges;
  process.stdout.write(JSON.stringify({ op, result, outputs: op === "up" ? await stack.outputs() : undefined }) + "\\n");
})().catch((err) => { console.error(String(err && err.message || err)); process.exit(1); });
`;

/** A new program directory outside the repo that depends on the tarball only. */
export async function freshProgram(tarball: string) {
  const dir = mkdtempSync(join(tmpdir(), "pvr-fresh-"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "fresh-program",
      private: true,
      dependencies: { "pulumi-video-rooms": `file:${tarball}` },
    }),
  );
  writeFileSync(join(dir, "index.ts"), PROGRAM);
  writeFileSync(join(dir, "driver.js"), DRIVER);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { strict: true, module: "commonjs", target: "es2022", esModuleInterop: true },
    }),
  );
  mkdirSync(join(dir, ".state"));
  await install(dir, tarball);
  // Type-check and compile the user's program with the tarball's own typings.
  await sh(join(REPO_ROOT, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], dir);
  return dir;
}

export async function install(dir: string, tarball: string) {
  await sh(
    "npm",
    ["install", `pulumi-video-rooms@file:${tarball}`, "--prefer-offline", "--no-audit", "--no-fund"],
    dir,
  );
}
