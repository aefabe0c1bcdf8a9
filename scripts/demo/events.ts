import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";

const ROOM_TYPES: Record<string, string> = {
  "pulumi-nodejs:dynamic/hms:Room": "HmsRoom",
  "pulumi-nodejs:dynamic/hms:Template": "HmsTemplate",
  "pulumi-nodejs:dynamic/metered:Room": "MeteredRoom",
};

/** One room as an operation saw it. */
export interface RoomStep {
  /** Logical name in the program, e.g. `classroom-us`. */
  name: string;
  kind: string;
  op: OpType;
  /** Top-level properties that differ (for refresh: what drifted). */
  diffs: string[];
}

/**
 * What one Pulumi operation did to rooms, read from its engine events rather than from its text
 * output, and the error diagnostics it reported (for a one-line failure message).
 */
export class OperationLog {
  readonly rooms: RoomStep[] = [];
  readonly errors: string[] = [];

  readonly onEvent = (event: EngineEvent): void => {
    const diagnostic = event.diagnosticEvent;
    if (diagnostic?.severity === "error") this.errors.push(diagnostic.message.trim());
    // One per resource and operation; in a preview it reports the planned step.
    const step = event.resOutputsEvent;
    const kind = step && ROOM_TYPES[step.metadata.type];
    if (!step || !kind) return;
    const { urn, op, diffs } = step.metadata;
    this.rooms.push({ name: urn.slice(urn.lastIndexOf("::") + 2), kind, op, diffs: diffs ?? [] });
  };

  with(op: OpType): RoomStep[] {
    return this.rooms.filter((room) => room.op === op);
  }

  /** Rooms any operation but `same` touched, e.g. `update` or `create`. */
  changed(): RoomStep[] {
    return this.rooms.filter((room) => room.op !== "same");
  }
}
