// `npm start`: checks the machine, then runs the platform (role from TRIBUTARY_ROLE, default all).
import { ensure } from "./preflight.mjs";

ensure(["ffmpeg"]);
await import("./platform/main.ts");
