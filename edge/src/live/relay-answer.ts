/** A relay's answer, read whole within the timeout (playlists and parts are small). */
export interface RelayAnswer {
  status: number;
  contentType: string | undefined;
  body: Uint8Array;
}
