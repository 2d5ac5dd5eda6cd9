/** The media every request-level suite run seeds into its store (memory, R2, S3). */

export const SEGMENT = new Uint8Array(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));

export const MULTIVARIANT = [
  "#EXTM3U",
  "#EXT-X-VERSION:7",
  '#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080,CODECS="avc1.640028,mp4a.40.2"',
  "1080p/index.m3u8",
  '#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"',
  "720p/index.m3u8",
  '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"',
  "360p/index.m3u8",
  "",
].join("\n");

export const MEDIA_PLAYLIST = ["#EXTM3U", "#EXT-X-TARGETDURATION:2", "#EXT-X-VERSION:7", '#EXT-X-MAP:URI="init.mp4"', "#EXTINF:2.000,", "0.m4s", "#EXT-X-ENDLIST", ""].join("\n");

export const MPD = `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT2S">
  <Period>
    <AdaptationSet contentType="video" mimeType="video/mp4">
      <Representation id="1080p" bandwidth="5000000" height="1080"/>
      <Representation id="720p" bandwidth="2800000" height="720"/>
    </AdaptationSet>
  </Period>
</MPD>
`;

export const CAPTION_SEGMENT = "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n00:00.500 --> 00:01.500\nHello\n";

export const SEED: { key: string; body: string | Uint8Array; contentType?: string }[] = [
  { key: "media/media1/master.m3u8", body: MULTIVARIANT, contentType: "application/vnd.apple.mpegurl" },
  { key: "media/media1/720p/index.m3u8", body: MEDIA_PLAYLIST, contentType: "application/vnd.apple.mpegurl" },
  { key: "media/media1/720p/0.m4s", body: SEGMENT, contentType: "video/iso.segment" },
  { key: "media/media1/720p/init.mp4", body: SEGMENT.subarray(0, 100), contentType: "video/mp4" },
  { key: "media/media1/manifest.mpd", body: MPD, contentType: "application/dash+xml" },
  { key: "media/media1/download/highest.mp4", body: SEGMENT, contentType: "video/mp4" },
  { key: "media/media1/captions/en/0.vtt", body: CAPTION_SEGMENT, contentType: "text/vtt; charset=utf-8" },
];
