import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * Settings are module state (`provider/core/config/settings.ts` keeps the stack config the engine
 * sent) plus the environment. `rememberStackConfig` merges into what it already holds, so it
 * cannot clear a key: each test therefore loads fresh copies of the modules, and starts (and
 * checks that it starts) with no stack config and no HMS_* / METERED_* variable.
 */
type Modules = {
  settings: typeof import("../../provider/core/config/settings");
  hmsSettings: typeof import("../../provider/hms/settings").hmsSettings;
  hmsPrebuiltSubdomain: typeof import("../../provider/hms/settings").hmsPrebuiltSubdomain;
  meteredSettings: typeof import("../../provider/metered/settings").meteredSettings;
};

/** Every HMS_* / METERED_* variable as it was before the test: restored exactly afterwards. */
let savedEnv: Record<string, string | undefined> = {};
let m: Modules;

const SERVICE_ENV = /^(HMS|METERED)_/;

beforeEach(async () => {
  savedEnv = {};
  for (const name of Object.keys(process.env)) {
    if (SERVICE_ENV.test(name)) {
      savedEnv[name] = process.env[name];
      delete process.env[name];
    }
  }
  vi.resetModules();
  m = {
    settings: await import("../../provider/core/config/settings.js"),
    hmsSettings: (await import("../../provider/hms/settings.js")).hmsSettings,
    hmsPrebuiltSubdomain: (await import("../../provider/hms/settings.js")).hmsPrebuiltSubdomain,
    meteredSettings: (await import("../../provider/metered/settings.js")).meteredSettings,
  };
  // The reset worked: no key any test sets is known, from config or environment.
  for (const key of TOUCHED) expect(m.settings.readSetting(key), key.config).toBeUndefined();
});

afterEach(() => {
  for (const name of Object.keys(process.env)) if (SERVICE_ENV.test(name)) delete process.env[name];
  for (const [name, value] of Object.entries(savedEnv)) process.env[name] = value;
});

/** Every setting the tests below configure or export, as config key and env var. */
const TOUCHED = [
  ["hms", "accessKey"],
  ["hms", "appSecret"],
  ["hms", "managementToken"],
  ["hms", "apiUrl"],
  ["hms", "prebuiltSubdomain"],
  ["metered", "appName"],
  ["metered", "secretKey"],
  ["metered", "apiUrl"],
  ["metered", "maxRetries"],
].map(([ns, name]) => ({
  config: `${ns}:${name}`,
  env: `${ns!.toUpperCase()}_${name!.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`,
}));

function configure(values: Record<string, string>) {
  m.settings.rememberStackConfig((key) => values[key], Object.keys(values));
}

describe("credentials and endpoints", () => {
  it("names the config keys and env vars when 100ms credentials are missing", () => {
    expect(() => m.hmsSettings()).toThrow(
      /missing 100ms credentials: set hms:accessKey and hms:appSecret .*--secret.*hms:managementToken.*HMS_ACCESS_KEY and HMS_APP_SECRET \(or HMS_MANAGEMENT_TOKEN\)/,
    );
  });

  it("takes stack config before the environment", () => {
    process.env.METERED_APP_NAME = "from-env";
    process.env.METERED_SECRET_KEY = "env-key";
    configure({ "metered:appName": "fromconfig" });
    expect(m.meteredSettings()).toMatchObject({
      appName: "fromconfig",
      apiUrl: "https://fromconfig.metered.live",
    });
  });

  it("rejects an apiUrl that is not a URL, and plain http to anything but loopback", () => {
    configure({ "hms:accessKey": "a", "hms:appSecret": "s", "hms:apiUrl": "not a url" });
    expect(() => m.hmsSettings()).toThrow(/hms:apiUrl \(or HMS_API_URL\) is not a URL/);
    configure({ "hms:apiUrl": "http://api.example.com/v2" });
    expect(() => m.hmsSettings()).toThrow(
      /plain http to api\.example\.com: credentials would cross the network in clear/,
    );
    configure({ "hms:apiUrl": "http://127.0.0.1:4010/v2" });
    expect(m.hmsSettings().apiUrl).toBe("http://127.0.0.1:4010/v2");
  });

  it("hms:prebuiltSubdomain: optional, config before env, one DNS label (lowercased), else an error naming the key", () => {
    expect(m.hmsPrebuiltSubdomain()).toBeUndefined();
    process.env.HMS_PREBUILT_SUBDOMAIN = "from-env";
    expect(m.hmsPrebuiltSubdomain()).toBe("from-env");
    configure({ "hms:prebuiltSubdomain": "Acme-Live" });
    expect(m.hmsPrebuiltSubdomain()).toBe("acme-live");
    for (const bad of ["acme.app.100ms.live", "-acme", "acme_live", "a".repeat(64)]) {
      configure({ "hms:prebuiltSubdomain": bad });
      expect(() => m.hmsPrebuiltSubdomain(), bad).toThrow(
        /^hms:prebuiltSubdomain \(or HMS_PREBUILT_SUBDOMAIN\) must be the subdomain of your Prebuilt links, one DNS label.*e\.g\. "myapp"/,
      );
    }
  });

  it("rejects out-of-range tuning with the key and the range", () => {
    configure({ "metered:appName": "app", "metered:secretKey": "k", "metered:maxRetries": "lots" });
    expect(() => m.meteredSettings()).toThrow(
      /metered:maxRetries \(or METERED_MAX_RETRIES\) must be a number from 0 to 20/,
    );
  });

  it("never puts the secret into the settings' error text", () => {
    configure({ "metered:secretKey": "very-secret-key", "metered:appName": "bad name!" });
    let message = "";
    try {
      m.meteredSettings();
    } catch (err) {
      message = String(err);
    }
    expect(message).toMatch(/metered:appName/);
    expect(message).not.toContain("very-secret-key");
  });
});

describe("the reset between tests", () => {
  it("a value set in one test (config and environment)...", () => {
    process.env.METERED_APP_NAME = "leaked-env";
    configure({ "metered:appName": "leaked-config", "hms:accessKey": "leaked" });
    expect(m.settings.readSetting({ config: "metered:appName", env: "METERED_APP_NAME" })).toBe(
      "leaked-config",
    );
  });

  it("...is gone in the next (beforeEach checks every key; these two by name)", () => {
    expect(process.env.METERED_APP_NAME).toBeUndefined();
    expect(m.settings.readSetting({ config: "metered:appName", env: "METERED_APP_NAME" })).toBeUndefined();
    expect(m.settings.readSetting({ config: "hms:accessKey", env: "HMS_ACCESS_KEY" })).toBeUndefined();
  });
});
