#!/usr/bin/env node
// Makes sure a real Pulumi engine matching the locked @pulumi/pulumi is installed, building it from
// the Go module proxy when needed (the CLI is not on the npm registry). Idempotent. Progress goes
// to stderr; the last stdout line is the directory holding `pulumi` and
// `pulumi-resource-pulumi-nodejs` (product.md §6).
//
// The binaries live in a per-user cache keyed by version, so every clone on the machine (CI's
// included) reuses one build. Why a generated wrapper module: pkg/v3's go.mod carries `replace`
// directives, so `go install pkg@version` refuses to build it; as a dependency of another module
// those directives are ignored and the build goes through.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI_MODULE = "github.com/pulumi/pulumi/pkg/v3";
const CLI_PACKAGE = `${CLI_MODULE}/cmd/pulumi`;
const LANGUAGE_HOST_MODULE = "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3";
const VERSION_SYMBOL = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

const log = (msg) => process.stderr.write(`[setup:pulumi] ${msg}\n`);

/** The version of @pulumi/pulumi that npm installed from the lockfile. */
export function lockedSdkVersion(root = repoRoot()) {
  return JSON.parse(readFileSync(join(root, "node_modules/@pulumi/pulumi/package.json"), "utf8")).version;
}

function repoRoot() {
  return join(dirname(fileURLToPath(import.meta.url)), "..");
}

function cacheRoot() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "pulumi-video-rooms", "engine");
}

function go(args, cwd, env = {}) {
  return spawnSync("go", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local", ...env },
  });
}

function pulumiVersionAt(binary) {
  try {
    return execFileSync(binary, ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
  } catch {
    return undefined;
  }
}

/** A `pulumi` already on PATH at exactly the wanted version, with the nodejs plugin beside it. */
function pulumiOnPath(version) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "pulumi");
    if (dir && existsSync(candidate) && pulumiVersionAt(candidate) === `v${version}`) {
      if (existsSync(join(dir, "pulumi-resource-pulumi-nodejs"))) return dir;
    }
  }
  return undefined;
}

/**
 * The engine version to build: the locked SDK's own version when the module proxy serves it,
 * otherwise the nearest newer release it serves. The Pulumi CLI is backward compatible with
 * older language SDKs (users routinely run a newer CLI), never the other way round, so a newer
 * engine is the honest substitute; the fallback is announced, never silent.
 */
function chooseEngineVersion(sdkVersion, scratch) {
  const probe = (v) => go(["mod", "download", "-json", `${CLI_MODULE}@v${v}`], scratch).status === 0;
  if (probe(sdkVersion)) return sdkVersion;
  const listed = go(["list", "-m", "-versions", CLI_MODULE], scratch);
  if (listed.status !== 0) throw new Error(`go list -m -versions ${CLI_MODULE} failed:\n${listed.stderr}`);
  const newer = listed.stdout
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((v) => v.replace(/^v/, ""))
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v) && compareSemver(v, sdkVersion) > 0)
    .sort(compareSemver);
  for (const v of newer) {
    if (probe(v)) {
      log(
        `the Go module proxy does not serve ${CLI_MODULE}@v${sdkVersion} (403); building v${v}, ` +
          "the nearest newer engine (a newer CLI runs older SDKs)",
      );
      return v;
    }
  }
  throw new Error(`the Go module proxy serves no ${CLI_MODULE} at v${sdkVersion} or newer`);
}

function compareSemver(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** A wrapper module requiring the engine at `engineVersion`, tidied, in a fresh work dir. */
function wrapperModule(engineVersion, label) {
  // Under the build lock: leftovers of a killed build are safe to remove.
  for (const old of readdirSync(cacheRoot())) {
    if (old.startsWith(`${label}-${engineVersion}-`))
      rmSync(join(cacheRoot(), old), { recursive: true, force: true });
  }
  const work = join(cacheRoot(), `${label}-${engineVersion}-${process.pid}`);
  mkdirSync(join(work, "languagehost"), { recursive: true });
  writeFileSync(
    join(work, "go.mod"),
    `module pulumi-video-rooms/engine\n\ngo 1.24\n\nrequire ${CLI_MODULE} v${engineVersion}\n`,
  );
  writeFileSync(join(work, "tools.go"), `//go:build tools\n\npackage tools\n\nimport _ "${CLI_PACKAGE}"\n`);
  copyFileSync(LANGUAGE_HOST_SOURCE, join(work, "languagehost", "main.go"));
  const tidy = go(["mod", "tidy"], work);
  if (tidy.status !== 0) throw new Error(`go mod tidy failed in ${work}:\n${tidy.stderr.slice(-4000)}`);
  return work;
}

async function buildEngine(engineVersion, binDir) {
  const started = Date.now();
  log(
    `building the Pulumi CLI v${engineVersion} from the Go module proxy (one time, about 10-15 minutes on 2 cores)`,
  );
  log("step 1/3: resolving and downloading Go modules (go mod tidy)");
  const work = wrapperModule(engineVersion, "build");
  log(`step 2/3: compiling ${CLI_PACKAGE} (go build; progress below is one line per 30 s)`);
  const staging = join(work, "bin");
  const build = await goBuildWithProgress(
    [
      "build",
      "-trimpath",
      "-ldflags",
      `-s -w -X ${VERSION_SYMBOL}=v${engineVersion}`,
      "-o",
      staging + "/",
      CLI_PACKAGE,
    ],
    work,
    started,
  );
  if (build.status !== 0) throw new Error(`go build ${CLI_PACKAGE} failed:\n${build.stderr.slice(-4000)}`);
  log("step 3/3: the Node language host");
  await buildLanguageHost(engineVersion, work, staging);
  mkdirSync(dirname(binDir), { recursive: true });
  rmSync(binDir, { recursive: true, force: true });
  renameSync(staging, binDir); // atomic: a half-built engine is never picked up by another run
  rmSync(work, { recursive: true, force: true });
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** `go build` in a child process, printing a line every 30 s so a long first build is visibly alive. */
function goBuildWithProgress(args, cwd, started) {
  return new Promise((resolve) => {
    const child = spawn("go", args, {
      cwd,
      env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const ticker = setInterval(
      () => log(`  still compiling... ${Math.round((Date.now() - started) / 1000)} s`),
      30_000,
    );
    child.on("close", (status) => {
      clearInterval(ticker);
      resolve({ status, stderr });
    });
  });
}

/** What the installed language host was built from: "pulumi" or the sha256 of our source. */
const LANGUAGE_HOST_SOURCE = join(repoRoot(), "scripts/engine/language-host/main.go");
const LANGUAGE_HOST_MARKER = "pulumi-language-nodejs.source";
const ourLanguageHostId = () => createHash("sha256").update(readFileSync(LANGUAGE_HOST_SOURCE)).digest("hex");

/**
 * Pulumi's own Node language host when the module proxy serves it (its own nested Go module);
 * otherwise the minimal one in scripts/engine/language-host, which starts @pulumi/pulumi's runner
 * for a program directory (see the comment at its top). Either way `pulumi up` works on a
 * program directory, and the marker file says which one is installed.
 */
async function buildLanguageHost(engineVersion, work, staging) {
  mkdirSync(staging, { recursive: true });
  const official = go(["get", `${LANGUAGE_HOST_MODULE}@v${engineVersion}`], work);
  if (official.status === 0) {
    const build = await goBuildWithProgress(
      ["build", "-trimpath", "-ldflags", "-s -w", "-o", staging + "/", LANGUAGE_HOST_MODULE],
      work,
      Date.now(),
    );
    if (build.status === 0) {
      writeFileSync(join(staging, LANGUAGE_HOST_MARKER), "pulumi\n");
      return;
    }
  }
  log(
    `note: the Go module proxy refuses ${LANGUAGE_HOST_MODULE}@v${engineVersion}; building the minimal ` +
      "language host in scripts/engine/language-host instead (it runs @pulumi/pulumi's own program runner)",
  );
  const build = await goBuildWithProgress(
    [
      "build",
      "-trimpath",
      "-ldflags",
      `-s -w -X main.version=${engineVersion}`,
      "-o",
      join(staging, "pulumi-language-nodejs"),
      "./languagehost",
    ],
    work,
    Date.now(),
  );
  if (build.status !== 0)
    throw new Error(`go build of the language host failed:\n${build.stderr.slice(-4000)}`);
  writeFileSync(join(staging, LANGUAGE_HOST_MARKER), `${ourLanguageHostId()}\n`);
}

/** An engine cached before the language host existed, or with an older copy of ours, gets the current one. */
function languageHostCurrent(binDir) {
  const marker = join(binDir, LANGUAGE_HOST_MARKER);
  const installed = existsSync(marker) ? readFileSync(marker, "utf8").trim() : undefined;
  return installed === "pulumi" || installed === ourLanguageHostId();
}

async function refreshLanguageHost(engineVersion, binDir) {
  log("building the Node language host");
  const work = wrapperModule(engineVersion, "langhost");
  const staging = join(work, "bin");
  await buildLanguageHost(engineVersion, work, staging);
  for (const file of readdirSync(staging)) renameSync(join(staging, file), join(binDir, file));
  rmSync(work, { recursive: true, force: true });
}

/**
 * One build at a time per machine (tests, demo and CI may all ask at once): a lock directory,
 * created atomically, holding the owner's pid; a lock whose owner is gone is taken over.
 */
async function lock(path) {
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, "pid"), String(process.pid));
      return () => rmSync(path, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    const owner = Number(
      existsSync(join(path, "pid")) ? readFileSync(join(path, "pid"), "utf8") : Number.NaN,
    );
    if (!alive(owner)) {
      rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (waited % 30 === 0) log(`waiting for another build of the engine (pid ${owner}) to finish`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function alive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function installDynamicProviderPlugin(binDir, root) {
  // The SDK ships the plugin script the engine runs for every dynamic resource; it starts
  // @pulumi/pulumi/cmd/dynamic-provider with the `node` on PATH, resolved from the program's dir.
  const target = join(binDir, "pulumi-resource-pulumi-nodejs");
  copyFileSync(join(root, "node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"), target);
  chmodSync(target, 0o755);
}

/** Ensures the engine is installed and returns the directory that holds it. */
export async function ensureEngine({ root = repoRoot() } = {}) {
  const sdkVersion = lockedSdkVersion(root);
  const onPath = pulumiOnPath(sdkVersion);
  if (onPath) {
    log(`using pulumi v${sdkVersion} already on PATH (${onPath})`);
    return onPath;
  }
  const pointer = join(cacheRoot(), `sdk-${sdkVersion}.json`);
  let engineVersion = existsSync(pointer)
    ? JSON.parse(readFileSync(pointer, "utf8")).engineVersion
    : undefined;
  let binDir = engineVersion && join(cacheRoot(), engineVersion, "bin");
  const ready = () =>
    pulumiVersionAt(join(binDir, "pulumi")) === `v${engineVersion}` && languageHostCurrent(binDir);
  if (!binDir || !ready()) {
    const which = spawnSync("go", ["version"], { encoding: "utf8" });
    if (which.status !== 0) {
      throw new Error("Go is required to build the Pulumi engine (https://go.dev/dl); `go version` failed");
    }
    const scratch = join(cacheRoot(), "probe");
    mkdirSync(scratch, { recursive: true });
    writeFileSync(join(scratch, "go.mod"), "module probe\n\ngo 1.24\n");
    engineVersion = chooseEngineVersion(sdkVersion, scratch);
    binDir = join(cacheRoot(), engineVersion, "bin");
    const release = await lock(join(cacheRoot(), `build-${engineVersion}.lock`));
    try {
      // Another process may have finished the same build while this one waited for the lock.
      if (pulumiVersionAt(join(binDir, "pulumi")) !== `v${engineVersion}`)
        await buildEngine(engineVersion, binDir);
      if (!languageHostCurrent(binDir)) await refreshLanguageHost(engineVersion, binDir);
    } finally {
      release();
    }
    writeFileSync(pointer, JSON.stringify({ sdkVersion, engineVersion }) + "\n");
  }
  installDynamicProviderPlugin(binDir, root);
  return binDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const binDir = await ensureEngine();
    log(`engine ready: ${pulumiVersionAt(join(binDir, "pulumi"))} for @pulumi/pulumi ${lockedSdkVersion()}`);
    process.stdout.write(`${binDir}\n`);
  } catch (err) {
    log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
