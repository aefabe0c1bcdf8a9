import { afterEach, describe, expect, it } from "vitest";
import { rememberStackConfig } from "../../provider/core/config/settings";
import { hmsSettings } from "../../provider/hms/settings";
import { meteredSettings } from "../../provider/metered/settings";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  rememberStackConfig(() => undefined, []);
});

function configure(values: Record<string, string>) {
  rememberStackConfig((key) => values[key], Object.keys(values));
}

describe("credentials and endpoints", () => {
  it("names the config keys and env vars when 100ms credentials are missing", () => {
    delete process.env.HMS_ACCESS_KEY;
    delete process.env.HMS_APP_SECRET;
    delete process.env.HMS_MANAGEMENT_TOKEN;
    expect(() => hmsSettings()).toThrow(
      /missing 100ms credentials: set hms:accessKey and hms:appSecret .*--secret.*hms:managementToken.*HMS_ACCESS_KEY and HMS_APP_SECRET \(or HMS_MANAGEMENT_TOKEN\)/,
    );
  });

  it("takes stack config before the environment", () => {
    process.env.METERED_APP_NAME = "from-env";
    process.env.METERED_SECRET_KEY = "env-key";
    configure({ "metered:appName": "fromconfig" });
    expect(meteredSettings()).toMatchObject({
      appName: "fromconfig",
      apiUrl: "https://fromconfig.metered.live",
    });
  });

  it("rejects an apiUrl that is not a URL, and plain http to anything but loopback", () => {
    configure({ "hms:accessKey": "a", "hms:appSecret": "s", "hms:apiUrl": "not a url" });
    expect(() => hmsSettings()).toThrow(/hms:apiUrl \(or HMS_API_URL\) is not a URL/);
    configure({ "hms:apiUrl": "http://api.example.com/v2" });
    expect(() => hmsSettings()).toThrow(
      /plain http to api\.example\.com: credentials would cross the network in clear/,
    );
    configure({ "hms:apiUrl": "http://127.0.0.1:4010/v2" });
    expect(hmsSettings().apiUrl).toBe("http://127.0.0.1:4010/v2");
  });

  it("rejects out-of-range tuning with the key and the range", () => {
    configure({ "metered:appName": "app", "metered:secretKey": "k", "metered:maxRetries": "lots" });
    expect(() => meteredSettings()).toThrow(
      /metered:maxRetries \(or METERED_MAX_RETRIES\) must be a number from 0 to 20/,
    );
  });

  it("never puts the secret into the settings' error text", () => {
    configure({ "metered:secretKey": "very-secret-key", "metered:appName": "bad name!" });
    expect(() => meteredSettings()).toThrow(/metered:appName/);
    try {
      meteredSettings();
    } catch (err) {
      expect(String(err)).not.toContain("very-secret-key");
    }
  });
});
