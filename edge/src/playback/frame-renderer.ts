/**
 * The `FrameRenderer` port: decodes the picture at an offset inside one stored CMAF segment into a
 * JPEG. On Node it is a short ffmpeg (transcoder/src/thumbnails/frame-at.ts, wired by the platform
 * script); Workers have no decoder and leave it out.
 */
export interface FrameRenderer {
  /** A JPEG `width` px wide of the picture shown `offsetSeconds` into `segment`, decoded with `init`. */
  render(init: Uint8Array, segment: Uint8Array, offsetSeconds: number, width: number): Promise<Uint8Array>;
}
