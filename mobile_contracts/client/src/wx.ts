import { NetworkError } from "./errors";
import { lowerCaseKeys, type Transport } from "./transport";

/** The part of the `wx` API the client uses: inject a stand-in (tests, uni-app's `uni`) or leave the global. */
export type WxRequestApi = Pick<WechatMiniprogram.Wx, "request">;
export type WxLoginApi = Pick<WechatMiniprogram.Wx, "login">;
export type WxStorageApi = Pick<WechatMiniprogram.Wx, "getStorageSync" | "setStorageSync" | "removeStorageSync">;

function globalWx(): WechatMiniprogram.Wx {
  if (typeof wx === "undefined") throw new Error("no global `wx`: pass the wx API explicitly");
  return wx;
}

/**
 * A `Transport` over `wx.request`: promise-based, with a timeout, sending the body as text and reading the answer
 * as text (the client parses JSON itself so error bodies and empty 204 answers are handled the same way).
 * The domain must be in the mini-program's "request legal domains" (HTTPS) in production.
 */
export function wxTransport(api?: WxRequestApi): Transport {
  return (request) =>
    new Promise((resolve, reject) => {
      const target = api ?? globalWx();
      let settled = false;
      target.request<string>({
        url: request.url,
        method: request.method,
        header: request.headers,
        data: request.body,
        dataType: "text",
        responseType: "text",
        timeout: request.timeoutMs,
        success(res) {
          if (settled) return;
          settled = true;
          const data = res.data as unknown;
          const text = typeof data === "string" ? data : data == null ? "" : JSON.stringify(data);
          resolve({ status: res.statusCode, headers: lowerCaseKeys(res.header), text });
        },
        fail(err) {
          if (settled) return;
          settled = true;
          const message = err.errMsg || "request:fail";
          reject(new NetworkError(message, /time ?out/i.test(message)));
        },
      });
    });
}

/** `wx.login()` as a promise: the one-time code the resident login exchanges for a session. */
export function wxLoginCode(api?: WxLoginApi, timeoutMs = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    (api ?? globalWx()).login({
      timeout: timeoutMs,
      success(res) {
        if (res.code) resolve(res.code);
        else reject(new Error(`wx.login gave no code: ${res.errMsg}`));
      },
      fail(err) {
        reject(new Error(`wx.login failed: ${err.errMsg}`));
      },
    });
  });
}
