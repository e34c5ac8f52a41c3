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

export type WxUploadApi = Pick<WechatMiniprogram.Wx, "uploadFile">;
export type WxPaymentApi = Pick<WechatMiniprogram.Wx, "requestPayment">;

/** A presigned POST form as the API hands it out (`addWorkOrderPhoto`, `addAfterPhoto`): the URL and its fields. */
export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

/** The storage refused an upload (expired form, larger or another type than declared): `status` and its answer. */
export class UploadRejectedError extends Error {
  readonly status: number;
  readonly body: string;

  constructor(status: number, body: string) {
    super(`the upload was refused with HTTP ${status}`);
    this.name = "UploadRejectedError";
    this.status = status;
    this.body = body;
  }
}

/**
 * Uploads a local file (e.g. from `wx.chooseMedia`) to a presigned POST form with `wx.uploadFile`: the form's
 * fields first, the file last as `file` (what S3 requires). Resolves when the storage accepted it (2xx); the API
 * then processes it (`GET` the work order: the photo goes `processing` -> `ready`). The form's host must be one
 * of the mini-program's "uploadFile legal domains".
 */
export function uploadToForm(form: UploadForm, filePath: string, api?: WxUploadApi, timeoutMs = 60000): Promise<void> {
  return new Promise((resolve, reject) => {
    (api ?? globalWx()).uploadFile({
      url: form.url,
      filePath,
      name: "file",
      formData: form.fields,
      timeout: timeoutMs,
      success(res) {
        if (res.statusCode >= 200 && res.statusCode < 300) resolve();
        else reject(new UploadRejectedError(res.statusCode, String(res.data ?? "")));
      },
      fail(err) {
        reject(new NetworkError(err.errMsg || "uploadFile:fail", /time ?out/i.test(err.errMsg || "")));
      },
    });
  });
}

/** What `payBills` answers for `wx.requestPayment` (the `requestPayment` of the API's answer). */
export interface PaymentParameters {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

/**
 * Opens WeChat Pay with the order's signed parameters. Resolves `true` when the resident paid, `false` when they
 * cancelled; rejects for any other failure. The server learns the outcome from WeChat Pay itself: read the order
 * (`getHousePayment`) for its `paid` status and receipt, never trust this callback alone.
 */
export function requestPayment(params: PaymentParameters, api?: WxPaymentApi): Promise<boolean> {
  return new Promise((resolve, reject) => {
    (api ?? globalWx()).requestPayment({
      timeStamp: params.timeStamp,
      nonceStr: params.nonceStr,
      package: params.package,
      signType: params.signType as "RSA",
      paySign: params.paySign,
      success() {
        resolve(true);
      },
      fail(err) {
        if (/cancel/i.test(err.errMsg || "")) resolve(false);
        else reject(new Error(`wx.requestPayment failed: ${err.errMsg}`));
      },
    });
  });
}
