/**
 * The methods `wx.request` can send, straight from Tencent's typings: OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE,
 * CONNECT. The generated operation table's `wire` methods must fit it, so tsc fails on an operation that needs
 * a method wx.request lacks and has no override in the contract.
 */
export type WireMethod = NonNullable<WechatMiniprogram.RequestOption["method"]>;

export interface TransportRequest {
  url: string;
  method: WireMethod;
  headers: Record<string, string>;
  /** Already serialised: JSON text, or the raw bytes/text of a non-JSON body. */
  body?: string | ArrayBuffer;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body as text (empty for 204). */
  text: string;
}

/**
 * Sends one HTTP request. Resolves with any HTTP answer (4xx and 5xx included); rejects with `NetworkError` only
 * when there is no answer. `wxTransport()` is the mini-program's; tests and other runtimes inject their own.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export function lowerCaseKeys(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(headers ?? {})) out[key.toLowerCase()] = String((headers as Record<string, unknown>)[key]);
  return out;
}
