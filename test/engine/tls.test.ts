import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack } from "../support/engine";
import { type Declared, failureOf, roomsProgram } from "../support/reliability";
import { makeTestCertificates, type TestCertificates } from "../support/tls";

/**
 * Both services over https from a private CA, through the real engine: the certificate is made at
 * test time, and the only thing that makes the provider trust it is NODE_EXTRA_CA_CERTS in the
 * environment of the pulumi command (which the engine hands to the dynamic-provider host), as a
 * user behind a corporate proxy or gateway would set it.
 */
describe("rooms over https with a private CA, through the real engine", () => {
  let certs: TestCertificates;
  let emulator: TestEmulator;
  const out: string[] = [];

  beforeAll(async () => {
    certs = await makeTestCertificates();
    emulator = await TestEmulator.start({ tls: certs });
  });

  afterAll(async () => {
    await emulator?.close();
    certs?.dispose();
  });

  describe("with the CA in NODE_EXTRA_CA_CERTS", () => {
    let env: EngineStack;
    const decl: Declared = {
      hms: { classroom: { description: "over https", size: 20 } },
      metered: { lobby: { privacy: "private" } },
    };

    beforeAll(async () => {
      env = await engineStack({
        project: "tls-trusted",
        program: roomsProgram(decl),
        config: emulator.stackConfig(),
        env: { NODE_EXTRA_CA_CERTS: certs.caFile },
      });
    });
    afterAll(async () => env?.dispose());

    it("up creates an HmsRoom and a MeteredRoom over https", async () => {
      expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      await emulator.clearRequests();
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ create: 3 });
      const log = await emulator.requests();
      expect(log.filter((r) => r.method === "POST").map((r) => r.service)).toEqual(
        expect.arrayContaining(["hms", "metered"]),
      );
      const rooms = await emulator.rooms();
      expect(rooms.hms).toHaveLength(1);
      expect(rooms.hms[0]).toMatchObject({ description: "over https", size: 20, enabled: true });
      expect(rooms.metered).toHaveLength(1);
      expect(rooms.metered[0]).toMatchObject({ privacy: "private" });
    });

    it("previews no changes", async () => {
      const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
      expect(preview.changeSummary).toEqual({ same: 3 });
    });

    it("destroy disables the 100ms room and deletes (archives) the Metered room", async () => {
      const destroy = await env.stack.destroy({ onOutput: collect(out) });
      expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
      const rooms = await emulator.rooms();
      expect(rooms.hms.map((r) => r.enabled)).toEqual([false]);
      expect(rooms.metered.map((r) => r.archived)).toEqual([true]);
    });
  });

  describe("without NODE_EXTRA_CA_CERTS", () => {
    let env: EngineStack;
    /** One service's room per up: after the first failure the engine may not start the other. */
    const decl: Declared = { hms: {}, metered: {} };

    beforeAll(async () => {
      env = await engineStack({
        project: "tls-untrusted",
        program: roomsProgram(decl),
        config: emulator.stackConfig(),
      });
    });
    afterAll(async () => env?.dispose());

    for (const [service, api] of [
      ["hms", "100ms API"],
      ["metered", "Metered API"],
    ] as const) {
      it(`${api}: up fails on the first attempt, naming NODE_EXTRA_CA_CERTS, and no request reaches the API`, async () => {
        decl[service].untrusted = {};
        try {
          await emulator.clearRequests();
          const message = await failureOf(env.stack.up({ onOutput: collect(out) }));
          expect(await emulator.requests()).toEqual([]);
          const errors = message.split("\n").filter((line) => / API [A-Z]+ \/\S* failed/.test(line));
          expect(errors.length, message).toBeGreaterThan(0);
          for (const line of errors) {
            expect(line).toContain(api);
            expect(line).toContain("failed with a TLS certificate error");
            expect(line).toContain("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
            expect(line).toContain("set NODE_EXTRA_CA_CERTS to that CA's PEM file");
            expect(line).not.toMatch(/after \d+ attempts|run the same/);
          }
        } finally {
          delete decl[service].untrusted;
        }
      });
    }
  });
});
