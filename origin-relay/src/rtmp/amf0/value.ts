/**
 * AMF0 values (amf0-file-format-specification §2). Objects decode to plain records; an ECMA array
 * keeps its own class so re-encoding writes the same marker (onMetaData is an ECMA array).
 */
export type Amf0Value = number | boolean | string | null | undefined | Date | Amf0Value[] | Amf0Object | Amf0EcmaArray;

/** An anonymous AMF0 object (marker 0x03). */
export interface Amf0Object {
  [key: string]: Amf0Value;
}

/** An associative ("ECMA") array (marker 0x08, §2.10). */
export class Amf0EcmaArray {
  readonly properties: Amf0Object;
  constructor(properties: Amf0Object = {}) {
    this.properties = properties;
  }
}

/** Type markers, as §2.1 names them. */
export const Amf0Marker = {
  number: 0x00,
  boolean: 0x01,
  string: 0x02,
  object: 0x03,
  null: 0x05,
  undefined: 0x06,
  reference: 0x07,
  ecmaArray: 0x08,
  objectEnd: 0x09,
  strictArray: 0x0a,
  date: 0x0b,
  longString: 0x0c,
} as const;

/** True for a plain AMF0 object record (not an array, date or ECMA array). */
export function isAmf0Object(value: Amf0Value): value is Amf0Object {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Amf0EcmaArray);
}

/** The properties of an object or an ECMA array, or undefined for anything else. */
export function amf0Properties(value: Amf0Value): Amf0Object | undefined {
  if (value instanceof Amf0EcmaArray) return value.properties;
  return isAmf0Object(value) ? value : undefined;
}

/** Sets a property without ever touching a prototype (a peer may send "__proto__" as a key). */
export function defineProperty(target: Amf0Object, key: string, value: Amf0Value): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
