import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RoomProvider as Provider } from "../../provider/core/host/room-provider";
import { TestEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/engine";
import { schoolTemplate } from "../support/school";
import { SECRETS_IN_PLAY } from "../support/secrets";

/**
 * The HmsTemplate provider over real HTTP against the emulator, under each reading of how 100ms
 * shows storage credentials on read (hms-templates-api.md §9.8): every write keeps what the program
 * does not set, and nothing is written that could wipe what it cannot read back.
 */
const load = createRequire(join(REPO_ROOT, "package.json"));

/** The value at a path of keys in a JSON answer. */
const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);

const SCHOOL = { name: "school", ...schoolTemplate() };
const STORAGE_SECRET = SECRETS_IN_PLAY.storageSecret;

describe.each(["secret", "secretKey", "omit"] as const)(
  "HmsTemplate, credentials read back as %s",
  (echo) => {
    let emulator: TestEmulator;
    let provider: Provider;
    const checked = async (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => {
      const result = await provider.check(olds, { __autoName: "school-abcdefg", ...news });
      expect(result.failures).toEqual([]);
      return result.inputs;
    };
    const template = async (id: string) => emulator.hms("GET", `/templates/${id}`);
    const writes = async () =>
      (await emulator.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);

    beforeAll(async () => {
      emulator = await TestEmulator.start({ settings: { hmsTemplateCredentials: echo } });
      const config = Object.fromEntries(
        Object.entries(emulator.stackConfig()).map(([k, { value }]) => [k, value]),
      );
      provider = load("pulumi-video-rooms/dist/provider/hms-template/provider.js");
      await provider.configure({ config: { get: (key) => config[key] } });
    });
    beforeEach(() => emulator.reset());
    afterAll(() => emulator.close());

    it("creates with one call, records only what the program set, and an unchanged diff is empty", async () => {
      const inputs = await checked(SCHOOL);
      await emulator.clearRequests();
      const created = await provider.create(inputs);
      expect(await writes()).toEqual(["POST /v2/templates"]);
      expect(created.id).toMatch(/^[0-9a-f]{24}$/);
      expect(created.outs.roleNames).toEqual(["student", "teacher"]);
      expect(at(created.outs, "settings", "recording", "upload", "credentials")).toEqual(
        SCHOOL.settings.recording.upload.credentials,
      );
      // Server defaults (video bit rates, streaming permissions, retry) never show as changes.
      const diff = await provider.diff(created.id, created.outs, await checked(SCHOOL, created.outs));
      expect(diff.changes).toBe(false);
      const read = await provider.read(created.id, created.outs);
      expect(
        (await provider.diff(created.id, read.props ?? {}, await checked(SCHOOL, read.props))).changes,
      ).toBe(false);
    });

    it("changes one role with one role write, keeping every other part", async () => {
      const created = await provider.create(await checked(SCHOOL));
      await emulator.hms("POST", `/templates/${created.id}/roles/observer`, { priority: 5 });
      await emulator.clearRequests();
      const changed = {
        ...SCHOOL,
        roles: { ...SCHOOL.roles, student: { ...SCHOOL.roles.student, maxPeerCount: 30 } },
      };
      const news = await checked(changed, created.outs);
      expect((await provider.diff(created.id, created.outs, news)).changes).not.toBe(false);
      const updated = await provider.update(created.id, created.outs, news);
      expect(await writes()).toEqual([`POST /v2/templates/${created.id}/roles/student`]);
      const now = await template(created.id);
      expect(at(now, "roles", "student")).toMatchObject({
        maxPeerCount: 30,
        subscribeParams: { subscribeToRoles: ["teacher"] },
      });
      expect(Object.keys(now.roles as object).sort()).toEqual(["observer", "student", "teacher"]);
      expect(at(now, "settings", "region")).toBe("eu");
      expect(updated.outs.roleNames).toEqual(["observer", "student", "teacher"]);
    });

    it("removes a role the program stopped setting, never one it never set", async () => {
      const created = await provider.create(await checked(SCHOOL));
      await emulator.hms("POST", `/templates/${created.id}/roles/observer`, { priority: 5 });
      const { student: _student, ...teacherOnly } = SCHOOL.roles;
      await provider.update(
        created.id,
        created.outs,
        await checked({ ...SCHOOL, roles: teacherOnly }, created.outs),
      );
      expect(Object.keys((await template(created.id)).roles as object).sort()).toEqual([
        "observer",
        "teacher",
      ]);
    });

    it("changes the region through the settings, keeping the storage credentials", async () => {
      const created = await provider.create(await checked(SCHOOL));
      const news = await checked({ ...SCHOOL, settings: { ...SCHOOL.settings, region: "in" } }, created.outs);
      await provider.update(created.id, created.outs, news);
      const secrets = await emulator.hms("GET", `/templates/${created.id}/settings`);
      expect(secrets.region).toBe("in");
      const credentials = at(secrets, "recording", "upload", "credentials");
      // Whatever the read echoes, the credentials the program set are what 100ms keeps.
      if (echo !== "omit") expect(Object.values(credentials as object)).toContain(STORAGE_SECRET);
      else expect(credentials).toBeUndefined();
    });

    it("renames with the whole-template update, keeping roles, settings and credentials", async () => {
      const created = await provider.create(await checked(SCHOOL));
      const news = await checked({ ...SCHOOL, name: "school-2026" }, created.outs);
      await emulator.clearRequests();
      const updated = await provider.update(created.id, created.outs, news);
      expect(await writes()).toEqual([`POST /v2/templates/${created.id}`]);
      expect(updated.outs.name).toBe("school-2026");
      const now = await template(created.id);
      expect(Object.keys(now.roles as object).sort()).toEqual(["student", "teacher"]);
      expect(at(now, "settings", "region")).toBe("eu");
    });

    it("refuses a whole-template update that could drop credentials the program does not set and cannot read", async () => {
      const theirs = await emulator.hms("POST", "/templates", { ...SCHOOL, name: "dashboard-made" });
      const news = await checked({
        name: "dashboard-made",
        plugins: { whiteboard: { permissions: { admin: ["teacher"] } } },
        adopt: true,
      });
      await emulator.clearRequests();
      if (echo === "omit") {
        await expect(provider.create(news)).rejects.toThrow(
          /does not show the storage credentials.*nothing was written/,
        );
        expect(await writes()).toEqual([]);
      } else {
        const adopted = await provider.create(news);
        expect(adopted.id).toBe(theirs.id);
        const upload = await emulator.hms("GET", `/templates/${theirs.id}/settings`);
        expect(Object.values(at(upload, "recording", "upload", "credentials") as object)).toContain(
          STORAGE_SECRET,
        );
      }
    });

    it("never takes over a template of the same name without adopt", async () => {
      await emulator.hms("POST", "/templates", { name: "School", roles: { host: {} } });
      await emulator.clearRequests();
      await expect(provider.create(await checked(SCHOOL))).rejects.toThrow(
        /template named "School" already exists.*adopt: true/,
      );
      expect(await writes()).toEqual([]);
    });

    it("refresh finds a role deleted in the dashboard, and a template gone from the workspace", async () => {
      const created = await provider.create(await checked(SCHOOL));
      await emulator.hms("DELETE", `/templates/${created.id}/roles/student`);
      const read = await provider.read(created.id, created.outs);
      expect(Object.keys(at(read.inputs, "roles") as object)).toEqual(["teacher"]);
      expect(
        (await provider.diff(created.id, read.props ?? {}, await checked(SCHOOL, read.props))).changes,
      ).not.toBe(false);
      expect(await provider.read("6650a1b2c3d4e5f6a7b8c9ff", created.outs)).toEqual({});
    });
  },
);
