import type { HmsTemplateInputs } from "../../provider/hms-template/properties";
import { SECRETS_IN_PLAY } from "./secrets";

/**
 * The school's template the template tests share: two roles (a teacher who publishes everything
 * and may end the class, students who publish audio and see the teacher), recording to the
 * school's bucket and a YouTube RTMP destination, both with secrets in play.
 */
export function schoolTemplate() {
  return {
    roles: {
      teacher: {
        publishParams: { allowed: ["audio", "video", "screen"] },
        permissions: { endRoom: true, mute: true },
        priority: 1,
      },
      student: {
        publishParams: { allowed: ["audio"] },
        subscribeParams: { subscribeToRoles: ["teacher"] },
        maxPeerCount: 40,
      },
    },
    settings: {
      region: "eu",
      recording: {
        upload: {
          type: "s3",
          location: "school-recordings",
          credentials: { key: SECRETS_IN_PLAY.storageKey, secretKey: SECRETS_IN_PLAY.storageSecret },
        },
      },
    },
    destinations: { rtmpDestinations: { youtube: { rtmpUrls: [SECRETS_IN_PLAY.rtmpUrl] } } },
  } satisfies HmsTemplateInputs;
}
