/**
 * nginx with the RTMP module as the reference ingest: one worker (nginx-rtmp's live module needs all
 * publishers and players of a stream in one worker), HLS on with 2 s fragments, everything in a temp
 * dir on 127.0.0.1. The bench reads playlists from `hls_path` directly, so there is no HTTP server.
 */
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/free-port.ts";

export interface NginxRtmpServer {
  /** The master's pid: its workers are its children. */
  pid: number;
  publishUrl(name: string): string;
  playlistReader(name: string): () => Promise<string | undefined>;
  stop(): Promise<void>;
}


function config(root: string, rtmpPort: number): string {
  return `load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process on;
worker_processes 1;
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
events { worker_connections 1024; }
rtmp {
  server {
    listen 127.0.0.1:${rtmpPort};
    application live { live on; hls on; hls_path ${root}/hls; hls_fragment 2s; }
  }
}
`;
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => socket.end(() => resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export async function startNginxRtmpServer(): Promise<NginxRtmpServer> {
  const root = await mkdtemp(join(tmpdir(), "tributary-ingest-nginx-"));
  // Started by root, the worker runs as nobody: the HLS folder must be writable by it.
  await chmod(root, 0o755);
  const hls = join(root, "hls");
  await mkdir(hls);
  await chmod(hls, 0o777);
  const rtmpPort = await freePort();
  await writeFile(join(root, "nginx.conf"), config(root, rtmpPort));
  const child = spawn("nginx", ["-p", root, "-e", join(root, "error.log"), "-c", join(root, "nginx.conf")], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let up = false;
  for (let attempt = 0; attempt < 100 && !up; attempt++) {
    up = await accepting(rtmpPort);
    if (!up) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!up) throw new Error(`nginx-rtmp did not listen on ${rtmpPort}: ${await readFile(join(root, "error.log"), "utf8").catch(() => "")}`);
  return {
    pid: child.pid ?? -1,
    publishUrl: (name) => `rtmp://127.0.0.1:${rtmpPort}/live/${name}`,
    playlistReader: (name) => () => readFile(join(hls, `${name}.m3u8`), "utf8").catch(() => undefined),
    async stop() {
      child.kill("SIGQUIT");
      await exited;
      await rm(root, { recursive: true, force: true });
    },
  };
}
