/**
 * Ids: URL-safe, random, and sortable by creation time. 48 bits of milliseconds then 80 random
 * bits, in a lowercase base32 alphabet (Crockford's, no padding): 26 characters.
 */
import { cryptoRandom, systemClock, type Clock, type Random } from "../clock.ts";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export function newId(clock: Clock = systemClock, random: Random = cryptoRandom): string {
  let time = clock.now();
  let timePart = "";
  for (let i = 0; i < 10; i++) {
    timePart = ALPHABET[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  const bytes = random.bytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let randomPart = "";
  for (let i = 0; i < 16; i++) {
    randomPart = ALPHABET[Number(bits & 31n)] + randomPart;
    bits >>= 5n;
  }
  return timePart + randomPart;
}
