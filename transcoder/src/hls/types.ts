/** The multivariant playlist model (RFC 8216bis §4.4.6); media playlists are `PlaylistPlan`s (../playlist/plan.ts). */

export interface HlsAudioRendition {
  groupId: string;
  name: string;
  uri: string;
  language?: string;
  default: boolean;
  autoselect: boolean;
  /** Channel count (§4.4.6.1 CHANNELS). */
  channels?: number;
}

export interface HlsVariant {
  uri: string;
  /** Peak segment bit rate, bits/s (§4.4.6.2 BANDWIDTH), including the audio it plays with. */
  bandwidth: number;
  averageBandwidth?: number;
  /** RFC 6381 codec strings of every rendition the variant plays (video + audio). */
  codecs: string[];
  resolution?: { width: number; height: number };
  frameRate?: number;
  audioGroup?: string;
}

export interface HlsMultivariantPlaylist {
  version: number;
  independentSegments: boolean;
  audio: HlsAudioRendition[];
  variants: HlsVariant[];
}
