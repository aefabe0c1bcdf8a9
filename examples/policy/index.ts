// A policy pack with the school's video room rules. Run it against a stack with
//
//   pulumi preview --policy-pack examples/policy
//   pulumi up --policy-pack examples/policy --policy-pack-config examples/policy/policy-config.json
//
// (run `npm install` in this folder first when it is copied out of the repo). The config file
// overrides what this file sets, policy by policy: it makes every rule mandatory and allows a
// second bucket. For a pack of only these rules, `videoRoomPolicyPack("video-rooms", {...})` does
// the same in one line; this file shows how they sit beside policies of your own.
import { PolicyPack } from "@pulumi/policy";
import { videoRoomPolicies } from "pulumi-video-rooms/policy";

new PolicyPack("video-rooms", {
  description: "Where recordings go, how long sessions last, who may join and where streams go",
  policies: [
    ...videoRoomPolicies({
      // Recordings stay in our own S3 bucket in Ireland, never with 100ms.
      "video-rooms-recording-storage": {
        allowedStorageTypes: ["s3"],
        allowedBuckets: ["school-recordings"],
        allowedRegions: ["eu-west-1"],
        requireOwnStorage: true,
      },
      // Every room ends sessions on its own, after 4 hours at most.
      "video-rooms-session-length": { required: true, maxSeconds: 4 * 3600 },
      // Webinars stream to YouTube Live or Twitch only.
      "video-rooms-rtmp-allowed-hosts": {
        allowedHosts: ["a.rtmp.youtube.com", "b.rtmp.youtube.com", "*.contribute.live-video.net"],
      },
      // Left at their defaults: public Metered rooms must expire or cap participants (advisory),
      // webhooks must use https (mandatory).
    }),
    // ...the school's other policies go here.
  ],
});
