import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validate } from "../../provider/core/host/check";
import { exampleOf } from "../../provider/core/properties/leaf";
import { unwrap } from "../../provider/core/properties/zod-shape";
import { hmsRoomSchema } from "../../provider/hms/properties";
import { hmsTemplateSchema } from "../../provider/hms-template/properties";
import { meteredRoomSchema } from "../../provider/metered/properties";

/**
 * Every node of both schemas (properties, nested properties, list items, map values) given a value
 * of each JSON type it does not accept, inside an otherwise valid room: exactly one failure, at
 * that path, that shows the value (as the program checks), names what is allowed, gives a valid
 * example and is never a validation library's stock text.
 */

type Path = (string | number)[];
interface Node {
  path: Path;
  schema: z.ZodType;
}

const PROGRAM = { values: { secretAt: () => false } };
const STOCK = /Invalid input|expected \w+, received|Too (small|big)|Unrecognized/;
const VALUES: Record<string, unknown> = {
  string: "x",
  number: 5,
  boolean: true,
  null: null,
  object: { a: 1 },
  list: [1],
};

function nodes(schema: z.ZodType, path: Path = []): Node[] {
  const inner = unwrap(schema);
  const children: Node[] = [];
  if (inner instanceof z.ZodObject)
    for (const [k, s] of Object.entries(inner.shape)) children.push(...nodes(s as z.ZodType, [...path, k]));
  if (inner instanceof z.ZodArray) children.push(...nodes(inner.element as z.ZodType, [...path, 0]));
  if (inner instanceof z.ZodRecord)
    children.push(...nodes(inner.valueType as z.ZodType, [...path, "X-Name"]));
  return path.length === 0 ? children : [{ path, schema }, ...children];
}

/** What the reason must name for this kind of schema, and which JSON types it rejects. */
function kindOf(schema: z.ZodType): { names: RegExp; wrong: string[] } {
  const inner = unwrap(schema);
  const all = Object.keys(VALUES);
  if (inner instanceof z.ZodEnum)
    return { names: new RegExp(inner.options.join(".*")), wrong: all.filter((t) => t !== "string") };
  if (inner instanceof z.ZodBoolean)
    return { names: /true or false/, wrong: all.filter((t) => t !== "boolean") };
  if (inner instanceof z.ZodNumber) return { names: /number/, wrong: all.filter((t) => t !== "number") };
  if (inner instanceof z.ZodObject) return { names: /object/, wrong: all.filter((t) => t !== "object") };
  if (inner instanceof z.ZodRecord) return { names: /object/, wrong: all.filter((t) => t !== "object") };
  if (inner instanceof z.ZodArray) return { names: /list/, wrong: all.filter((t) => t !== "list") };
  return { names: /string|URL/, wrong: all.filter((t) => t !== "string") };
}

/** A valid room with `value` at `path`: each object on the way holds its required properties. */
function roomWith(schema: z.ZodType, path: Path, value: unknown): Record<string, unknown> {
  const room: Record<string, unknown> = {};
  let holder: Record<string | number, unknown> = room;
  let current: unknown = schema;
  path.forEach((key, i) => {
    const inner = unwrap(current);
    current =
      inner instanceof z.ZodObject
        ? inner.shape[key as string]
        : inner instanceof z.ZodArray
          ? inner.element
          : (inner as z.ZodRecord).valueType;
    if (i === path.length - 1) holder[key] = value;
    else {
      const seeded = unwrap(current) instanceof z.ZodArray ? [] : exampleOf(current);
      holder[key] = seeded;
      holder = seeded as Record<string | number, unknown>;
    }
  });
  return room;
}

describe("a wrong type anywhere gets a failure with its fix", () => {
  for (const [service, schema] of [
    ["HmsRoom", hmsRoomSchema],
    ["MeteredRoom", meteredRoomSchema],
    // An empty template is valid: every node is tried on its own, inside the objects it needs.
    ["HmsTemplate", hmsTemplateSchema],
  ] as const) {
    it(`${service}: every node, every wrong JSON type`, () => {
      const all = nodes(schema);
      let cases = 0;
      for (const node of all) {
        const { names, wrong } = kindOf(node.schema);
        for (const type of wrong) {
          const room = roomWith(schema, node.path, VALUES[type]);
          const failures = validate(schema, room, PROGRAM);
          const at = z.core.toDotPath(node.path);
          const context = `${at} = ${JSON.stringify(VALUES[type])}: ${JSON.stringify(failures)}`;
          expect(
            failures.map((f) => f.property),
            context,
          ).toEqual([at]);
          const { reason } = failures[0]!;
          expect(reason, context).toMatch(/^got \S/);
          expect(reason, context).toMatch(names);
          expect(reason, context).toMatch(/\be\.g\. \S/);
          expect(reason, context).not.toMatch(STOCK);
          if (type === "null") expect(reason, context).toMatch(/^got null: /);
          // The provider's check (no values: it cannot tell a secret) gives the same fix.
          const [plain] = validate(schema, room);
          if (type === "null") expect(plain?.reason, context).toBe(reason);
          else {
            expect(plain?.reason, context).not.toMatch(/^got /);
            expect(reason.endsWith(`: ${plain?.reason}`), context).toBe(true);
          }
          cases++;
        }
      }
      process.stdout.write(
        `[wrong-types] ${service}: ${all.length} schema nodes, ${cases} wrong-type cases\n`,
      );
      expect(all.length).toBeGreaterThan(10);
    });
  }

  it("shows a secret value as [secret], whatever its type", () => {
    const [failure] = validate(
      hmsRoomSchema,
      { recordingInfo: { uploadInfo: { type: "s3", location: "b", credentials: { key: 42, secret: "s" } } } },
      PROGRAM,
    );
    expect(failure).toEqual({
      property: "recordingInfo.uploadInfo.credentials.key",
      reason: 'got [secret]: must be a string; e.g. "<access key id>"',
    });
    const [url] = validate(meteredRoomSchema, { rtmpOutURL: "http://stream.example/live/KEY-123" }, PROGRAM);
    expect(url?.reason).not.toContain("KEY-123");
    expect(url?.reason).toMatch(/^got \[secret\]: must be an rtmp:\/\//);
  });

  it("gives examples that are valid values of their own property", () => {
    for (const schema of [hmsRoomSchema, meteredRoomSchema, hmsTemplateSchema]) {
      for (const node of nodes(schema)) {
        const example = exampleOf(node.schema);
        expect(node.schema.safeParse(example).error?.issues, z.core.toDotPath(node.path)).toBeUndefined();
      }
    }
  });
});
