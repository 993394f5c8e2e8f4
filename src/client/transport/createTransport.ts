/**
 * One entry point for both transports, chosen by `kind`, so a caller's configuration names a URL and a
 * kind rather than a constructor.
 */
import { type HttpTransportOptions, httpTransport } from "./http.js";
import type { Transport } from "./types.js";
import { type WsTransportOptions, wsTransport } from "./ws.js";

export type TransportOptions =
  | ({ readonly kind: "http" } & HttpTransportOptions)
  | ({ readonly kind: "ws" } & WsTransportOptions);

export function createTransport(opts: TransportOptions): Transport {
  return opts.kind === "http" ? httpTransport(opts) : wsTransport(opts);
}
