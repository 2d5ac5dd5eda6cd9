import { describe, expect, it } from "vitest";
import { ipLiteralHost, refuseAddress, refuseTargetUrl } from "./outbound-target.ts";

const strict = { allowPrivateTargets: false };
const lax = { allowPrivateTargets: true };

describe("refuseTargetUrl", () => {
  // The WHATWG parser turns every IPv4 spelling into dotted decimal before the check sees it.
  it.each([
    ["http://127.0.0.1/hook", "127.0.0.1", "loopback"],
    ["http://127.1/hook", "127.0.0.1", "loopback"],
    ["http://2130706433/hook", "127.0.0.1", "loopback"],
    ["http://0x7f000001/hook", "127.0.0.1", "loopback"],
    ["http://0x7f.0.0.1/hook", "127.0.0.1", "loopback"],
    ["http://0177.0.0.1/hook", "127.0.0.1", "loopback"],
    ["http://017700000001/hook", "127.0.0.1", "loopback"],
    ["http://010.0.0.1/hook", "8.0.0.1", undefined],
    ["https://169.254.169.254/latest/meta-data/", "169.254.169.254", "link-local"],
    ["http://0251.0376.0251.0376/", "169.254.169.254", "link-local"],
    ["http://10.0.0.5:8080/", "10.0.0.5", "private"],
    ["http://100.100.100.100/", "100.100.100.100", "shared"],
    ["http://0.0.0.0:9000/", "0.0.0.0", "unspecified"],
    ["http://0/", "0.0.0.0", "unspecified"],
    ["http://[::1]/hook", "::1", "loopback"],
    ["http://[0:0:0:0:0:0:0:1]/hook", "::1", "loopback"],
    ["http://[::]/", "::", "unspecified"],
    ["http://[::ffff:127.0.0.1]/hook", "::ffff:7f00:1", "loopback"],
    ["http://[::ffff:169.254.169.254]/", "::ffff:a9fe:a9fe", "link-local"],
    ["http://[fd00::1]/", "fd00::1", "private"],
    ["http://[fe80::1]/", "fe80::1", "link-local"],
    ["http://[ff02::1]/", "ff02::1", "multicast"],
    ["https://93.184.216.34/hook", "93.184.216.34", undefined],
    ["https://[2606:4700:4700::1111]/hook", "2606:4700:4700::1111", undefined],
  ])("%s is %s, %s", (url, address, range) => {
    expect(ipLiteralHost(new URL(url))).toBe(address);
    const refusal = refuseTargetUrl(url, strict);
    expect(refusal?.range).toBe(range);
    if (refusal !== undefined) expect(refusal.message).toContain(address);
    expect(refuseTargetUrl(url, lax)).toBeUndefined();
  });

  it("leaves names to connect time, localhost included", () => {
    for (const url of ["https://hooks.example.com/t", "http://localhost:8080/", "http://127.0.0.1.nip.io/"]) {
      expect(ipLiteralHost(new URL(url))).toBeUndefined();
      expect(refuseTargetUrl(url, strict)).toBeUndefined();
    }
  });

  it("names the rule and the setting in its message", () => {
    expect(refuseAddress("169.254.169.254", strict)?.message).toBe(
      "169.254.169.254 is a link-local address (cloud metadata lives here); targets must be public (webhooks.allowPrivateTargets is off)",
    );
  });

  it("throws TypeError for a string that is no URL (schemas validate URLs first)", () => {
    expect(() => refuseTargetUrl("not a url", strict)).toThrow(TypeError);
  });
});
