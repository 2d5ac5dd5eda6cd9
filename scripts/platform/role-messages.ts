/** The IPC protocol between the `npm start` supervisor and a role process (relay or edge). */
import type { ConfigInput } from "#core/config/schema.ts";
import type { ErrorCode } from "#core/errors.ts";

export type SupervisorMessage = { type: "start"; config: ConfigInput } | { type: "stop" };

export type RoleMessage =
  | { type: "ready"; role: "relay" | "edge"; edgeUrl: string | undefined; rtmpPort: number | undefined; rtmpsPort: number | undefined; srtPort: number | undefined }
  /** Start-up failed for a reason a restart cannot fix (bad config, no ffmpeg). */
  | { type: "failed"; code: ErrorCode; message: string }
  | { type: "stopped" };
