/** Frame rates as ffmpeg wants them: NTSC rates as exact rationals (30000/1001), others as decimals. */
export function formatFrameRate(fps: number): string {
  const ntsc = fps * 1.001;
  if (!Number.isInteger(fps) && Math.abs(ntsc - Math.round(ntsc)) < 1e-3) return `${Math.round(ntsc) * 1000}/1001`;
  return String(Number(fps.toFixed(6)));
}

/** kbit/s suffix form ffmpeg accepts for rates: 800000 → "800k". */
export function formatBitrate(bitsPerSecond: number): string {
  return bitsPerSecond % 1000 === 0 ? `${bitsPerSecond / 1000}k` : String(bitsPerSecond);
}
