import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SERVICES } from "../../scripts/live/target";
import { TestEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/engine";
import { leakedIn } from "../support/recorded-secrets";
import { loadRecordings, replay } from "../support/replay";
import { answerDifferences } from "../support/shape";

const RECORDED = join(REPO_ROOT, "test", "fixtures", "recorded");

describe("replay of the recorded exchanges against the emulator", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await TestEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    await emulator.reset();
  });

  for (const service of SERVICES) {
    const recordings = loadRecordings(RECORDED, service);

    it(`has recordings for ${service}, each with an exchange`, () => {
      expect(recordings.length).toBeGreaterThan(0);
      for (const { file, recording } of recordings) {
        expect(recording.exchanges.length, file).toBeGreaterThan(0);
        expect(leakedIn(JSON.stringify(recording)), file).toEqual([]);
      }
    });

    for (const { file, recording } of recordings) {
      it(`${recording.question.id} (${service}/${file}, ${recording.source}): same statuses and shapes`, async () => {
        expect(await replay(emulator, recording)).toEqual([]);
      });
    }
  }
});

describe("answer comparison", () => {
  const recorded = { status: 200, response: { id: "a", size: 1, data: [{ name: "x" }] } };

  it("ignores values: ids, numbers, list lengths", () => {
    const replayed = { status: 200, response: { id: "b", size: 7, data: [{ name: "y" }, { name: "z" }] } };
    expect(answerDifferences(recorded, replayed)).toEqual([]);
  });

  it("fails on a changed status", () => {
    expect(answerDifferences(recorded, { ...recorded, status: 400 })).toEqual(["status 200 became 400"]);
  });

  it("fails on a missing or added key, with its path", () => {
    const replayed = { status: 200, response: { id: "a", size: 1, data: [{ other: "x" }] } };
    expect(answerDifferences(recorded, replayed)).toEqual([
      "$.data[0].name: missing",
      "$.data[0].other: not in the recording",
    ]);
  });

  it("fails on a changed type, with its path", () => {
    const replayed = { status: 200, response: { id: "a", size: "1", data: null } };
    expect(answerDifferences(recorded, replayed)).toEqual([
      "$.size: number became string",
      "$.data: array became null",
    ]);
  });
});
