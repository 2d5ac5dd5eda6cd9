/** CPIX 2.3 names (DASH-IF CPIX 2.3 §5) and the SPEKE v2.0 values that go with them. */

export const CPIX_NS = "urn:dashif:org:cpix";
export const PSKC_NS = "urn:ietf:params:xml:ns:keyprov:pskc";
/** SPEKE v2.0 speaks CPIX 2.3 (SPEKE API v2: `X-Speke-Version: 2.0` with `CPIX@version="2.3"`). */
export const CPIX_VERSION = "2.3";
export const SPEKE_VERSION = "2.0";

/** ContentKey@commonEncryptionScheme values the packager encrypts with (ISO/IEC 23001-7 §4.2). */
export type CpixScheme = "cenc" | "cbcs";

/** ContentKeyUsageRule@intendedTrackType values this platform asks for (SPEKE v2 encryption contract). */
export type IntendedTrackType = "ALL" | "VIDEO" | "AUDIO";
