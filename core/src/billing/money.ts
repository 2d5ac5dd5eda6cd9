/**
 * Money is integer micro-units of the price book's currency (1 USD = 1,000,000), held as `bigint`
 * while computing and as a safe integer on the wire. The one rounding rule: an amount is the exact
 * product of a quantity in base units (milliseconds, bytes) and a unit price, divided by the base
 * units in one priced unit, rounded half up to a whole micro-unit. Totals add rounded line amounts.
 */

/** `numerator / denominator` rounded half up; both non-negative, denominator positive. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new TypeError("divideRoundHalfUp takes a non-negative numerator and a positive denominator");
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** A bigint as a JSON-safe number; refuses one past 2^53 rather than losing precision. */
export function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new TypeError(`amount ${value} is beyond a safe integer`);
  return Number(value);
}

/** `value / divisor` as an exact decimal string with up to `places` digits (rounded half up past them). */
export function decimalString(value: bigint, divisor: bigint, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = divideRoundHalfUp(value * scale, divisor);
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(places, "0").replace(/0+$/, "");
  return fraction === "" ? whole.toString() : `${whole}.${fraction}`;
}

/** Micro-units as a currency amount for people, e.g. `12.345678`. */
export function formatMicros(micros: bigint | number): string {
  const value = BigInt(micros);
  return `${value / 1_000_000n}.${(value % 1_000_000n).toString().padStart(6, "0")}`;
}
