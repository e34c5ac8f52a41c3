// A stand-in for the mini-program's `wx.request` (and `wx.login`) on Node's http module: the same options and
// callbacks, and the same limits: only the methods wx.request has, `data` sent as given (strings as-is, objects
// as JSON or, for GET, as a query string), `dataType: "json"` parsing, `timeout` (default 60 s) failing with
// "request:fail timeout", `success` for every HTTP answer (4xx/5xx included), `fail` only without one.
import * as http from "node:http";

const WX_METHODS = new Set(["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT"]);

export interface SentRequest {
  method: string;
  url: string;
  header: Record<string, string>;
  data: unknown;
}

export function nodeWx(loginCode = "demo-resident"): Pick<WechatMiniprogram.Wx, "request" | "login"> & {
  sent: SentRequest[];
} {
  const sent: SentRequest[] = [];
  const request = (option: WechatMiniprogram.RequestOption): WechatMiniprogram.RequestTask => {
    const method = (option.method ?? "GET").toUpperCase();
    const header: Record<string, string> = { "content-type": "application/json" };
    for (const [k, v] of Object.entries(option.header ?? {})) header[k.toLowerCase()] = String(v);
    const finish = (fail: boolean, result: Record<string, unknown>): void => {
      setImmediate(() => {
        if (fail) option.fail?.(result as unknown as WechatMiniprogram.RequestFailCallbackErr);
        else option.success?.(result as unknown as WechatMiniprogram.RequestSuccessCallbackResult);
        option.complete?.(result as unknown as WechatMiniprogram.GeneralCallbackResult);
      });
    };
    let aborted = false;
    const task = { abort: () => (aborted = true) } as unknown as WechatMiniprogram.RequestTask;
    if (!WX_METHODS.has(method)) {
      finish(true, { errMsg: `request:fail parameter error: parameter.method should be one of ${[...WX_METHODS].join(", ")}`, errno: 600009 });
      return task;
    }
    let url = option.url;
    let payload: string | Buffer | undefined;
    const data = option.data;
    if (data instanceof ArrayBuffer) payload = Buffer.from(data);
    else if (typeof data === "string") payload = data;
    else if (data != null && method === "GET") {
      const q = Object.entries(data as Record<string, unknown>).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
      if (q.length) url += (url.includes("?") ? "&" : "?") + q.join("&");
    } else if (data != null) payload = JSON.stringify(data);
    sent.push({ method, url, header: { ...header }, data: payload });
    const timeout = option.timeout ?? 60000;
    const req = http.request(url, { method, headers: payload === undefined ? header : { ...header, "content-length": Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        if (aborted) return;
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        if ((option.dataType ?? "json") === "json") {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        const responseHeader: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) responseHeader[k] = Array.isArray(v) ? v.join(", ") : String(v);
        finish(false, { statusCode: res.statusCode, data: body, header: responseHeader, cookies: [], errMsg: "request:ok" });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      if (!aborted) finish(true, { errMsg: "request:fail timeout", errno: 5 });
      aborted = true;
    }, timeout);
    req.on("error", (err) => {
      if (aborted) return;
      aborted = true;
      clearTimeout(timer);
      finish(true, { errMsg: `request:fail ${err.message}`, errno: 600001 });
    });
    if (payload !== undefined) req.write(payload);
    req.end();
    return task;
  };
  const login = ((option?: WechatMiniprogram.LoginOption) => {
    setImmediate(() => option?.success?.({ code: loginCode, errMsg: "login:ok" }));
  }) as WechatMiniprogram.Wx["login"];
  return { request, login, sent };
}
