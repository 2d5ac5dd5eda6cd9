/**
 * nginx with the RTMP module as the reference live HLS server: a temp config (2 s fragments, 127.0.0.1
 * ports, daemon off, pid/log/temp paths in a temp dir) and an ffmpeg publisher with the same encoder
 * settings as our low-latency ladder.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/free-port.ts";

export interface NginxRtmp {
  rtmpUrl: string;
  /** HLS playlist URL of stream `name`, once published. */
  playlistUrl(name: string): string;
  stop(): Promise<void>;
}


function config(root: string, rtmpPort: number, httpPort: number): string {
  return `load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
worker_processes 1;
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
events { worker_connections 256; }
rtmp {
  server {
    listen 127.0.0.1:${rtmpPort};
    application live { live on; hls on; hls_path ${root}/hls; hls_fragment 2s; hls_playlist_length 6s; }
  }
}
http {
  access_log off;
  client_body_temp_path ${root}/tmp-body; proxy_temp_path ${root}/tmp-proxy; fastcgi_temp_path ${root}/tmp-fcgi;
  uwsgi_temp_path ${root}/tmp-uwsgi; scgi_temp_path ${root}/tmp-scgi;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server {
    listen 127.0.0.1:${httpPort};
    location /hls/ { alias ${root}/hls/; add_header Cache-Control no-cache; add_header Access-Control-Allow-Origin *; }
  }
}
`;
}

export async function startNginxRtmp(): Promise<NginxRtmp> {
  const root = await mkdtemp(join(tmpdir(), "tributary-nginx-rtmp-"));
  // Workers may run as nobody (when started by root): the HLS folder must be theirs to write.
  await chmod(root, 0o755);
  await mkdir(join(root, "hls"));
  await chmod(join(root, "hls"), 0o777);
  const [rtmpPort, httpPort] = [await freePort(), await freePort()];
  await writeFile(join(root, "nginx.conf"), config(root, rtmpPort, httpPort));
  const child = spawn("nginx", ["-p", root, "-e", join(root, "error.log"), "-c", join(root, "nginx.conf")], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForPort(rtmpPort);
  return {
    rtmpUrl: `rtmp://127.0.0.1:${rtmpPort}/live`,
    playlistUrl: (name) => `http://127.0.0.1:${httpPort}/hls/${name}.m3u8`,
    stop: async () => {
      child.kill("SIGQUIT");
      await exited;
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, "127.0.0.1");
      socket.once("listening", () => socket.close(() => resolve(false)));
      socket.once("error", () => resolve(true));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port}`);
}

/** Publishes testsrc2 + sine at native rate with the low-latency ladder's x264 settings (2 s GOP, no B-frames). */
export function publishTestSource(url: string, seconds: number): { exited: Promise<number | null>; child: ChildProcess } {
  const child = spawn("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
    "-f", "lavfi", "-i", `testsrc2=size=640x360:rate=30:duration=${seconds}[out0];sine=frequency=440:sample_rate=48000:duration=${seconds}[out1]`,
    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-b:v", "600k", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-bf", "0",
    "-c:a", "aac", "-b:a", "128k", "-f", "flv", url,
  ], { stdio: "ignore" });
  return { child, exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))) };
}
