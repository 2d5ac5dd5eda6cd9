/** Smallest H.264 level that fits a picture size, frame rate and bitrate (ITU-T H.264 Table A-1). */

interface LevelLimits {
  level: string;
  /** Max macroblocks per second. */
  maxMbps: number;
  /** Max frame size in macroblocks. */
  maxFs: number;
  /** Max bitrate for Baseline/Main in kbit/s (High allows 1.25×, Table A-1 note). */
  maxBrKbps: number;
}

const LEVELS: readonly LevelLimits[] = [
  { level: "1.1", maxMbps: 3000, maxFs: 396, maxBrKbps: 192 },
  { level: "1.2", maxMbps: 6000, maxFs: 396, maxBrKbps: 384 },
  { level: "1.3", maxMbps: 11880, maxFs: 396, maxBrKbps: 768 },
  { level: "2", maxMbps: 11880, maxFs: 396, maxBrKbps: 2000 },
  { level: "2.1", maxMbps: 19800, maxFs: 792, maxBrKbps: 4000 },
  { level: "2.2", maxMbps: 20250, maxFs: 1620, maxBrKbps: 4000 },
  { level: "3", maxMbps: 40500, maxFs: 1620, maxBrKbps: 10000 },
  { level: "3.1", maxMbps: 108000, maxFs: 3600, maxBrKbps: 14000 },
  { level: "3.2", maxMbps: 216000, maxFs: 5120, maxBrKbps: 20000 },
  { level: "4", maxMbps: 245760, maxFs: 8192, maxBrKbps: 20000 },
  { level: "4.1", maxMbps: 245760, maxFs: 8192, maxBrKbps: 50000 },
  { level: "4.2", maxMbps: 522240, maxFs: 8704, maxBrKbps: 50000 },
  { level: "5", maxMbps: 589824, maxFs: 22080, maxBrKbps: 135000 },
  { level: "5.1", maxMbps: 983040, maxFs: 36864, maxBrKbps: 240000 },
  { level: "5.2", maxMbps: 2073600, maxFs: 36864, maxBrKbps: 240000 },
];

/** The level string x264 takes (`-level:v`), e.g. "3.1". Falls back to the highest level listed. */
export function h264Level(width: number, height: number, fps: number, maxrate: number, high: boolean): string {
  const frameMbs = Math.ceil(width / 16) * Math.ceil(height / 16);
  const mbps = frameMbs * fps;
  const kbps = maxrate / 1000 / (high ? 1.25 : 1);
  const fit = LEVELS.find((l) => frameMbs <= l.maxFs && mbps <= l.maxMbps && kbps <= l.maxBrKbps);
  return fit?.level ?? "5.2";
}
