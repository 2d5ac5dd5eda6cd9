/** The port a delivery goes out through: one signed POST, answered by a status or a thrown reason. */

export interface WebhookRequest {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string;
  /** The whole request, response headers included. */
  timeoutMs: number;
}

/**
 * Sends one POST without following redirects. Resolves with the response status; throws when no
 * response arrived (refused target, connection error, timeout), with a message for the delivery record.
 * Node: core/node/webhook-transport.ts, which guards every connect against forbidden addresses.
 */
export type WebhookTransport = (request: WebhookRequest) => Promise<{ status: number }>;
