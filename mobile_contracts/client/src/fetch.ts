import { NetworkError } from "./errors";
import type { Transport } from "./transport";

/**
 * The parts of the WHATWG `fetch` the transport uses, declared here so the package still compiles against the
 * mini-program's library (which has no `fetch`). Browsers and Node 18+ supply the real one.
 */
export interface FetchLike {
  (
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string | ArrayBuffer; signal?: unknown },
  ): Promise<{ status: number; headers: { forEach(cb: (value: string, key: string) => void): void }; text(): Promise<string> }>;
}

interface AbortLike {
  signal: unknown;
  abort(): void;
}

/**
 * The `fetch` transport, for a browser (the duty-room console) or Node: same contract as `wxTransport()`. Any
 * HTTP answer resolves; no answer (network down, CORS refused, timed out) rejects with `NetworkError`.
 */
export function fetchTransport(fetchImpl?: FetchLike): Transport {
  const g = globalThis as unknown as { fetch?: FetchLike; AbortController?: new () => AbortLike };
  return async (request) => {
    const doFetch = fetchImpl ?? g.fetch;
    if (!doFetch) throw new NetworkError("fetch is not available in this runtime", false);
    const controller = g.AbortController ? new g.AbortController() : null;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller?.abort();
    }, request.timeoutMs);
    try {
      const response = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller?.signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key.toLowerCase()] = value;
      });
      return { status: response.status, headers, text: await response.text() };
    } catch (error) {
      throw new NetworkError(timedOut ? "request:fail timeout" : `request:fail ${String(error)}`, timedOut);
    } finally {
      clearTimeout(timer);
    }
  };
}
