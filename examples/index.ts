// The video rooms of a small online school: live classes on 100ms in three regions, a recorded
// town hall, a support desk apps join by name, and two Metered rooms (a private webinar streamed
// to YouTube and a public drop-in room).
//
// Credentials are stack config, never resource inputs (see the README):
//   pulumi config set hms:accessKey <key>
//   pulumi config set --secret hms:appSecret <secret>
//   pulumi config set metered:appName <app>
//   pulumi config set --secret metered:secretKey <key>
// and this program's own settings:
//   pulumi config set --secret recordingAccessKey <AWS access key id>
//   pulumi config set --secret recordingSecretKey <AWS secret access key>
//   pulumi config set --secret webinarRtmpUrl rtmp://a.rtmp.youtube.com/live2/<stream key>
//   pulumi config set classMinutes 90       # optional, default 60
//   pulumi config set webinarSeats 250      # optional, default 100
import * as pulumi from "@pulumi/pulumi";
import { HmsRoom, MeteredRoom } from "pulumi-video-rooms";

// A function export: Pulumi calls it on every run and makes what it returns the stack outputs.
export = async () => {
  const config = new pulumi.Config();
  const classMinutes = config.getNumber("classMinutes", { min: 2, max: 720 }) ?? 60;
  const webinarSeats = config.getNumber("webinarSeats", { min: 1 }) ?? 100;

  // One classroom per region so students reach a nearby media server. No `name`: each room is
  // named `<logical-name>-<7 chars>`, stable for this stack, so dev and prod stacks never collide.
  const classroomIds: Record<string, pulumi.Output<string>> = {};
  for (const region of ["in", "us", "eu"] as const) {
    const classroom = new HmsRoom(`classroom-${region}`, {
      region,
      description: `Live class, ${region.toUpperCase()} cohort`,
      // Sessions end on their own so a forgotten tab does not run up minutes.
      maxDurationSeconds: classMinutes * 60,
      size: 40,
    });
    classroomIds[region] = classroom.roomId;
  }

  // Town halls are recorded to our own bucket. The keys come from secret config, and the provider
  // keeps the whole `recordingInfo` secret in state regardless.
  const townHall = new HmsRoom("town-hall", {
    description: "Monthly all-hands",
    region: "eu",
    size: 500,
    recordingInfo: {
      enabled: true,
      uploadInfo: {
        type: "s3",
        location: config.get("recordingBucket") ?? "school-recordings",
        prefix: "town-hall/",
        options: { region: "eu-west-1" },
        credentials: {
          key: config.requireSecret("recordingAccessKey"),
          secret: config.requireSecret("recordingSecretKey"),
        },
      },
    },
  });

  // The support app joins this room by name, so it is named explicitly. If a room with this name
  // already exists and is enabled, `pulumi up` stops and asks for `adopt: true` (see examples/adopt).
  const supportDesk = new HmsRoom("support-desk", {
    name: "support-desk",
    description: "Help for students, weekdays 9-17",
    region: "us",
    size: 10,
  });

  // A private webinar: attendees need an access token or ask to join; only hosts broadcast; the
  // composed stream goes out over RTMP. The RTMP URL holds the stream key, hence secret config.
  const webinar = new MeteredRoom("open-day-webinar", {
    privacy: "private",
    enableRequestToJoin: true,
    ownerOnlyBroadcast: true,
    maxParticipants: webinarSeats,
    enableChat: true,
    enableComposition: true,
    compositionLayout: "active_speaker",
    enableRTMPOut: true,
    rtmpOutURL: config.requireSecret("webinarRtmpUrl"),
  });

  // A public drop-in room with a memorable URL. Empty meetings end after ten minutes.
  const dropIn = new MeteredRoom("drop-in", {
    roomName: "drop-in",
    privacy: "public",
    maxParticipants: 12,
    enableChat: true,
    enableScreenSharing: true,
    joinVideoOn: false,
    endMeetingAfterNoActivityInSec: 600,
  });

  return {
    classroomIds,
    townHallRoomId: townHall.roomId,
    supportDeskRoomId: supportDesk.roomId,
    webinarRoomId: webinar.roomId,
    webinarUrl: webinar.roomUrl,
    dropInRoomId: dropIn.roomId,
    dropInUrl: dropIn.roomUrl,
  };
};
