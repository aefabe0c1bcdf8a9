import { afterEach, describe, expect, it } from "vitest";
import { fractionKnob, intKnob } from "../support/knobs";

/** The knobs that size the reliability tests refuse any value that would run no case. */
const NAME = "VIDEO_ROOMS_TEST_KNOB";

afterEach(() => {
  delete process.env[NAME];
});

describe("test-size knobs", () => {
  it("use the default when unset, and take a valid value", () => {
    expect(intKnob(NAME, 25)).toBe(25);
    expect(fractionKnob(NAME, 0.05)).toBe(0.05);
    process.env[NAME] = "7";
    expect(intKnob(NAME, 25)).toBe(7);
    process.env[NAME] = "0.1";
    expect(fractionKnob(NAME, 0.05, 0.5)).toBe(0.1);
  });

  it.each(["0", "-3", "NaN", "lots", "", " ", "2.5", "Infinity", "1e400"])(
    "a count of %j throws, naming the variable",
    (raw) => {
      process.env[NAME] = raw;
      expect(() => intKnob(NAME, 25)).toThrow(
        new RegExp(`^${NAME} must be a whole number of at least 1, got`),
      );
    },
  );

  it("a count under the knob's own minimum throws", () => {
    process.env[NAME] = "3";
    expect(() => intKnob(NAME, 25, 4)).toThrow(/at least 4, got "3"/);
  });

  it.each(["0", "-0.1", "NaN", "often", "", "0.6", "Infinity"])("a fraction of %j throws", (raw) => {
    process.env[NAME] = raw;
    expect(() => fractionKnob(NAME, 0.05, 0.5)).toThrow(
      new RegExp(`^${NAME} must be a number above 0 and at most 0.5, got`),
    );
  });
});
