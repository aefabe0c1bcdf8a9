// The video rooms of a small online school: the school's 100ms template (teacher and student
// roles, recordings to the school's bucket), live classes on it in three regions, a recorded town
// hall, a support desk apps join by name, and two Metered rooms (a private webinar streamed to
// YouTube and a public drop-in room).
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
//   pulumi config set studentsPerClass 60   # optional, default 40
//   pulumi config set hms:prebuiltSubdomain <your template's subdomain in the 100ms dashboard>
import * as pulumi from "@pulumi/pulumi";
import { HmsRoom, HmsTemplate, MeteredRoom } from "pulumi-video-rooms";

// A function export: Pulumi calls it on every run and makes what it returns the stack outputs.
export = async () => {
  const config = new pulumi.Config();
  const classMinutes = config.getNumber("classMinutes", { min: 2, max: 720 }) ?? 60;
  const webinarSeats = config.getNumber("webinarSeats", { min: 1 }) ?? 100;

  const studentsPerClass = config.getNumber("studentsPerClass", { min: 1, max: 2500 }) ?? 40;
  const recordingCredentials = {
    key: config.requireSecret("recordingAccessKey"),
    secret: config.requireSecret("recordingSecretKey"),
  };
  const recordingBucket = config.get("recordingBucket") ?? "school-recordings";

  // The school's template: who may do what in a class, and where classes are recorded. 100ms has
  // no delete for templates, so `retainOnDelete` says outright that destroy leaves it in 100ms.
  const school = new HmsTemplate(
    "school",
    {
      roles: {
        teacher: {
          publishParams: { allowed: ["audio", "video", "screen"] },
          subscribeParams: { subscribeToRoles: ["teacher", "student"] },
          permissions: { endRoom: true, mute: true, removeOthers: true, changeRole: true },
          priority: 1,
        },
        student: {
          publishParams: { allowed: ["audio", "video"] },
          subscribeParams: { subscribeToRoles: ["teacher"] },
          priority: 2,
          maxPeerCount: studentsPerClass,
        },
      },
      settings: {
        region: "eu",
        recording: {
          upload: {
            type: "s3",
            location: recordingBucket,
            prefix: "classes/",
            options: { region: "eu-west-1" },
            credentials: { key: recordingCredentials.key, secretKey: recordingCredentials.secret },
          },
        },
      },
    },
    { retainOnDelete: true },
  );

  // One classroom per region so students reach a nearby media server. No `name`: each room is
  // named `<logical-name>-<7 chars>`, stable for this stack, so dev and prod stacks never collide.
  const classroomIds: Record<string, pulumi.Output<string>> = {};
  const studentLinks: Record<string, pulumi.Output<string | undefined>> = {};
  for (const region of ["in", "us", "eu"] as const) {
    const classroom = new HmsRoom(`classroom-${region}`, {
      region,
      description: `Live class, ${region.toUpperCase()} cohort`,
      // The template's id (known while a template change is previewed, unlike its outputs).
      templateId: school.id,
      // A room code per role (teacher, student), and with hms:prebuiltSubdomain a join link each.
      roomCodes: true,
      // Sessions end on their own so a forgotten tab does not run up minutes.
      maxDurationSeconds: classMinutes * 60,
      size: 40,
    });
    classroomIds[region] = classroom.roomId;
    // Secret, like the codes they are built on: `pulumi stack output --show-secrets` shows them.
    studentLinks[region] = classroom.joinUrls.apply((links) => links?.student);
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
        location: recordingBucket,
        prefix: "town-hall/",
        options: { region: "eu-west-1" },
        credentials: recordingCredentials,
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
    schoolTemplateId: school.templateId,
    schoolRoles: school.roleNames,
    classroomIds,
    studentLinks,
    townHallRoomId: townHall.roomId,
    supportDeskRoomId: supportDesk.roomId,
    webinarRoomId: webinar.roomId,
    webinarUrl: webinar.roomUrl,
    dropInRoomId: dropIn.roomId,
    dropInUrl: dropIn.roomUrl,
  };
};
