/** The relay's count of live-origin requests (`tributary_origin_requests_total` on its Prometheus `/metrics`). */
export async function relayOriginRequests(relayUrl: string): Promise<number> {
  const response = await fetch(`${relayUrl}/metrics`);
  if (!response.ok) throw new Error(`relay /metrics answered ${response.status}`);
  const match = /^tributary_origin_requests_total (\d+(?:\.\d+)?)$/m.exec(await response.text());
  if (match === null) throw new Error("relay /metrics has no tributary_origin_requests_total");
  return Number(match[1]);
}
