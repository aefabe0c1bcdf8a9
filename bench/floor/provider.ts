import { randomUUID } from "node:crypto";

type Plain = Record<string, unknown>;

/**
 * The floor: a dynamic provider whose methods return at once and make no call. No `check` and no
 * `diff`, so the host passes the inputs through and the engine diffs them itself, which is the
 * least a dynamic provider can cost. Like ours, it is this module's whole exports, so the SDK
 * serializes it as a `require` of the installed module (npm run build links dist/bench into
 * node_modules/pulumi-video-rooms), and the floor pays the same `__provider` cost per resource.
 */
const floorProvider = {
  async create(inputs: Plain) {
    const id = randomUUID();
    return { id, outs: { ...inputs, roomId: id } };
  },
  async read(id: string, props: Plain) {
    return { id, props };
  },
  async update(id: string, _olds: Plain, news: Plain) {
    return { outs: { ...news, roomId: id } };
  },
  async delete(): Promise<void> {},
};

export = floorProvider;
