/**
 * JSON-RPC over HTTP with `fetch`: one POST per call, a timeout per call. Subscriptions need a socket and
 * are refused here.
 */
import { GhostError } from "../../protocol/index.js";
import { createRequest } from "../../rpc/index.js";
import { parseResponse, resultOf } from "./response.js";
import type { RequestOptions, Subscription, Transport } from "./types.js";

export interface HttpTransportOptions {
  readonly url: string;
  /** Default 10 s. */
  readonly timeoutMs?: number;
  readonly headers?: Record<string, string>;
  /** Default the global fetch; tests and proxies may pass their own. */
  readonly fetch?: typeof fetch;
}

export function httpTransport(opts: HttpTransportOptions): Transport {
  const fetchFn = opts.fetch ?? fetch;
  let nextId = 0;

  async function request(method: string, params: unknown, options: RequestOptions = {}): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? opts.timeoutMs ?? 10_000;
    const body = JSON.stringify(createRequest(++nextId, method, params));
    let res: Response;
    let text: string;
    try {
      res = await fetchFn(opts.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...opts.headers },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      if ((e as Error).name === "TimeoutError") {
        throw new GhostError("RPC_TIMEOUT", `${method} got no answer in ${timeoutMs} ms`, { cause: e });
      }
      throw new GhostError("RPC_CONNECTION_CLOSED", `${method}: ${(e as Error).message}`, { cause: e });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new GhostError("RPC_BAD_RESPONSE", `${method}: HTTP ${res.status} with a body that is not JSON`, {
        cause: e,
      });
    }
    return resultOf(parseResponse(json));
  }

  return {
    kind: "http",
    url: opts.url,
    request,
    subscribe<T>(): Subscription<T> {
      throw new GhostError("RPC_INVALID_REQUEST", "subscriptions need a WebSocket transport");
    },
    close: async () => {},
  };
}
