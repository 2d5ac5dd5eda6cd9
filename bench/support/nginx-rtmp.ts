/**
 * nginx with the RTMP module as the reference server of every bench: one worker (nginx-rtmp's live
 * module needs all publishers and players of a stream in one worker), HLS on with 2 s fragments,
 * everything in a temp dir on 127.0.0.1. Its own http server serves `hls_path` on a 127.0.0.1 port
 * (the same worker), where viewers and players read it like they read the platform's edge.
 */
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";

export interface NginxRtmpOptions {
  /** `worker_connections`: publishers plus viewers plus slack. */
  workerConnections: number;
  /** `hls_playlist_length`; nginx-rtmp's default (30 s) when absent. */
  playlistLength?: string;
  /** CORS on the HLS files, for a player page served from another origin. */
  cors?: boolean;
}

export interface NginxRtmpServer {
  /** The master's pid: its worker is its child. */
  pid: number;
  publishUrl(name: string): string;
  /** The HLS media playlist of stream `name` on nginx's http server. */
  playlistUrl(name: string): string;
  stop(): Promise<void>;
}

function config(root: string, rtmpPort: number, httpPort: number, options: NginxRtmpOptions): string {
  const playlistLength = options.playlistLength === undefined ? "" : ` hls_playlist_length ${options.playlistLength};`;
  const cors = options.cors === true ? " add_header Access-Control-Allow-Origin *;" : "";
  return `load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process on;
worker_processes 1;
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
events { worker_connections ${options.workerConnections}; }
rtmp {
  server {
    listen 127.0.0.1:${rtmpPort};
    application live { live on; hls on; hls_path ${root}/hls; hls_fragment 2s;${playlistLength} }
  }
}
http {
  access_log off;
  client_body_temp_path ${root}/tmp-body; proxy_temp_path ${root}/tmp-proxy; fastcgi_temp_path ${root}/tmp-fcgi;
  uwsgi_temp_path ${root}/tmp-uwsgi; scgi_temp_path ${root}/tmp-scgi;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server {
    listen 127.0.0.1:${httpPort};
    location /hls/ { alias ${root}/hls/; add_header Cache-Control no-cache;${cors} }
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

export async function startNginxRtmp(options: NginxRtmpOptions): Promise<NginxRtmpServer> {
  const root = await mkdtemp(join(tmpdir(), "tributary-nginx-rtmp-"));
  // Started by root, the worker runs as nobody: the HLS folder must be writable by it.
  await chmod(root, 0o755);
  const hls = join(root, "hls");
  await mkdir(hls);
  await chmod(hls, 0o777);
  const [rtmpPort, httpPort] = [await freePort(), await freePort()];
  await writeFile(join(root, "nginx.conf"), config(root, rtmpPort, httpPort, options));
  const child = spawn("nginx", ["-p", root, "-e", join(root, "error.log"), "-c", join(root, "nginx.conf")], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let up = false;
  for (let attempt = 0; attempt < 100 && !up; attempt++) {
    up = (await accepting(rtmpPort)) && (await accepting(httpPort));
    if (!up) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!up) {
    child.kill("SIGKILL");
    throw new Error(`nginx-rtmp did not listen on ${rtmpPort} and ${httpPort}: ${await readFile(join(root, "error.log"), "utf8").catch(() => "")}`);
  }
  return {
    pid: child.pid ?? -1,
    publishUrl: (name) => `rtmp://127.0.0.1:${rtmpPort}/live/${name}`,
    playlistUrl: (name) => `http://127.0.0.1:${httpPort}/hls/${name}.m3u8`,
    async stop() {
      const guard = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.kill("SIGQUIT");
      await exited;
      clearTimeout(guard);
      await rm(root, { recursive: true, force: true });
    },
  };
}
