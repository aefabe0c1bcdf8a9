import { describe, expect, it } from "vitest";
import { z } from "zod";
import { field, fieldTable, secretProperties, secretValues } from "../../provider/core/properties/field";
import { decode, encode } from "../../provider/core/state-keys";
import { hmsFields, hmsRoomSchema } from "../../provider/hms/properties";
import { meteredFields, meteredRoomSchema } from "../../provider/metered/properties";

describe("one entry per property: the field table is derived from the schema", () => {
  it("maps each property to its API name (its own name unless field() says otherwise)", () => {
    const schema = z.strictObject({
      plain: z.string().optional(),
      renamed: field(z.number().optional(), { api: "re_named" }),
      local: field(z.boolean().optional(), { api: null }),
      nested: field(z.strictObject({ innerName: field(z.string(), { api: "inner_name" }) }).optional(), {
        api: "nested_obj",
      }),
    });
    expect(fieldTable(schema)).toEqual({
      plain: { api: "plain" },
      renamed: { api: "re_named" },
      local: null,
      nested: { api: "nested_obj", fields: { innerName: { api: "inner_name" } } },
    });
  });

  it("gives one shared schema value different facts per property", () => {
    const url = z.url().optional();
    const table = fieldTable(
      z.strictObject({
        a: field(url, { api: "a_url" }),
        b: field(url, { api: "b_url", secret: true }),
        c: url,
      }),
    );
    expect(table).toEqual({ a: { api: "a_url" }, b: { api: "b_url", secret: true }, c: { api: "c" } });
  });

  it("adding a property is one entry: mapping, secrecy and redaction follow from it", () => {
    const before = z.strictObject({ name: z.string().optional() });
    const after = z.strictObject({
      name: z.string().optional(),
      streamKey: field(z.string().optional(), { api: "stream_key", secret: true, writeOnly: true }),
    });
    expect(secretProperties(fieldTable(before))).toEqual([]);
    const table = fieldTable(after);
    expect(table.streamKey).toEqual({ api: "stream_key", secret: true, writeOnly: true });
    expect(secretProperties(table)).toEqual(["streamKey"]);
    expect(secretValues(table, { name: "lobby", streamKey: "sk-live-1" })).toEqual(["sk-live-1"]);
  });

  it("HmsRoom: every schema property has an entry; nested secrets make their top-level property secret", () => {
    expect(Object.keys(hmsFields)).toEqual(Object.keys(hmsRoomSchema.shape));
    expect(hmsFields.templateId).toEqual({ api: "template_id" });
    expect(hmsFields.adopt).toBeNull();
    const uploadInfo = hmsFields.recordingInfo?.fields?.uploadInfo;
    expect(uploadInfo?.api).toBe("upload_info");
    expect(uploadInfo?.fields?.credentials).toMatchObject({
      api: "credentials",
      secret: true,
      writeOnly: true,
    });
    expect(secretProperties(hmsFields)).toEqual(["recordingInfo", "webhook"]);
    // Only the values under a secret field are scrubbed: a bucket name or region stays readable in errors.
    const args = {
      name: "lobby",
      recordingInfo: {
        uploadInfo: {
          type: "s3",
          location: "my-bucket",
          options: { region: "ap-south-1" },
          credentials: { key: "AKIAEXAMPLE", secret: "wJalrXUtnFEMI" },
        },
      },
      webhook: { url: "https://example.com/hook", headers: { "x-token": "shared-secret-1" } },
    };
    expect(secretValues(hmsFields, args).sort()).toEqual(["AKIAEXAMPLE", "shared-secret-1", "wJalrXUtnFEMI"]);
  });

  it("MeteredRoom: same names as the API, the RTMP URL secret, adopt never sent", () => {
    expect(Object.keys(meteredFields)).toEqual(Object.keys(meteredRoomSchema.shape));
    for (const [prop, spec] of Object.entries(meteredFields)) {
      if (prop === "adopt") expect(spec).toBeNull();
      else expect(spec?.api).toBe(prop);
    }
    expect(secretProperties(meteredFields)).toEqual(["rtmpOutURL"]);
    expect(secretValues(meteredFields, { roomName: "r", rtmpOutURL: "rtmp://x/live/key-1" })).toEqual([
      "rtmp://x/live/key-1",
    ]);
  });
});

describe("internal state keys: encoded and decoded in one module", () => {
  it("round-trips the provider's own keys and keeps them out of the user's properties", () => {
    const internal = {
      provider: "p",
      autoName: "lobby-abc1234",
      inputKeys: ["name", "size"],
      incomplete: true,
    };
    const props = encode({ name: "lobby-abc1234", size: 5 }, internal);
    expect(props).toEqual({
      name: "lobby-abc1234",
      size: 5,
      __provider: "p",
      __autoName: "lobby-abc1234",
      __inputKeys: "name,size",
      __incomplete: true,
    });
    expect(decode(props)).toEqual({ args: { name: "lobby-abc1234", size: 5 }, internal });
  });

  it("leaves out what is not set", () => {
    expect(encode({ a: 1 }, {})).toEqual({ a: 1 });
    expect(decode({ a: 1, __inputKeys: "" })).toEqual({
      args: { a: 1 },
      internal: { provider: undefined, autoName: undefined, inputKeys: [], incomplete: undefined },
    });
  });
});
