import { describe, expect, it } from "vitest";
import { inputPaths, pickPaths } from "../../provider/core/host/input-paths";
import { hmsTemplateFields } from "../../provider/hms-template/properties";

describe("input paths (what a refresh records as inputs)", () => {
  const args = {
    name: "school",
    roles: { teacher: { priority: 1, permissions: { endRoom: true } }, guest: {} },
    settings: { region: "eu" },
    destinations: { rtmpDestinations: { "yt.main,1": { rtmpUrls: ["rtmp://x/y"] } } },
  };
  const server = {
    name: "school",
    roles: {
      teacher: { priority: 1, maxPeerCount: 0, permissions: { endRoom: true, hlsStreaming: true } },
      guest: { priority: 2, publishParams: { allowed: ["audio"] } },
      observer: { priority: 5 },
    },
    settings: { region: "eu", roomState: { stopRoomStateOnJoin: true }, retry: {} },
    destinations: { rtmpDestinations: { "yt.main,1": { rtmpUrls: ["rtmp://x/y"], width: 1280 } } },
  };

  it("records only what the program set, down through objects and maps of objects, never server defaults", () => {
    const paths = inputPaths(hmsTemplateFields, args);
    expect(paths).toContain("roles.teacher.permissions.endRoom");
    expect(paths.join(",").split(",")).toEqual(paths); // no separator inside a path
    expect(pickPaths(server, paths)).toEqual(args);
  });

  it("takes what the server has where the program's object is gone: the drift refresh records", () => {
    const paths = inputPaths(hmsTemplateFields, args);
    const drifted = { ...server, roles: { teacher: { priority: 3 } }, settings: null };
    expect(pickPaths(drifted, paths)).toEqual({
      name: "school",
      roles: { teacher: { priority: 3 } },
      settings: null,
      destinations: args.destinations,
    });
  });

  it("reads state written before paths (top-level names) as whole properties", () => {
    expect(pickPaths(server, ["settings"])).toEqual({ settings: server.settings });
  });
});
