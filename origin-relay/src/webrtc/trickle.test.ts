import { describe, expect, it } from "vitest";
import { parseSdpFragment } from "./trickle.ts";

describe("trickle-ice-sdpfrag (RFC 8840 §9)", () => {
  it("reads candidates under the media section their a=mid names", () => {
    const fragment = [
      "a=ice-ufrag:EsAw",
      "a=mid:0",
      "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0",
      "a=candidate:3471623853 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active",
      "a=mid:1",
      "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61765 typ host generation 0",
      "a=end-of-candidates",
      "",
    ].join("\r\n");
    expect(parseSdpFragment(fragment)).toEqual({
      candidates: [
        { candidate: "candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0", sdpMid: "0", usernameFragment: "EsAw" },
        { candidate: "candidate:3471623853 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active", sdpMid: "0", usernameFragment: "EsAw" },
        { candidate: "candidate:1387637174 1 udp 2122260223 192.0.2.1 61765 typ host generation 0", sdpMid: "1", usernameFragment: "EsAw" },
      ],
      ended: true,
      iceRestart: false,
    });
  });

  it("sees an ICE restart in new credentials, and nothing in lines it does not know", () => {
    expect(parseSdpFragment("a=ice-ufrag:new\na=ice-pwd:secretsecretsecretsecret\na=mid:0\n")).toMatchObject({ candidates: [], iceRestart: true, ended: false });
    expect(parseSdpFragment("garbage\n\u0000\na=unknown:1")).toEqual({ candidates: [], ended: false, iceRestart: false });
  });
});
