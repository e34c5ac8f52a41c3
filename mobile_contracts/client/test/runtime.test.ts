// The runtime without a server: a scripted transport records what the client sends and answers as told.
// (The same behaviours run against the real API in client.e2e.test.ts.)
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";

import {
  ApiError,
  createClient,
  memoryStore,
  NetworkError,
  operations,
  requestPayment,
  SignedOutError,
  UploadRejectedError,
  uploadToForm,
  type components,
  type Session,
  type TransportRequest,
  type TransportResponse,
} from "../src/index";
import type { ApiClient } from "../src/client";

type Answer = TransportResponse | Error | ((req: TransportRequest) => TransportResponse | Error);

function scripted(answers: Answer[]): { sent: TransportRequest[]; transport: (r: TransportRequest) => Promise<TransportResponse> } {
  const sent: TransportRequest[] = [];
  return {
    sent,
    transport: async (req) => {
      sent.push(req);
      await new Promise((r) => setImmediate(r));
      const next = answers.shift();
      if (next === undefined) throw new Error(`unexpected request ${req.method} ${req.url}`);
      const answer = typeof next === "function" ? next(req) : next;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const json = (status: number, body: unknown): TransportResponse => ({
  status,
  headers: { "content-type": "application/json" },
  text: JSON.stringify(body),
});
const errorBody = (status: number, code: string) =>
  json(status, { error: { code, message: code.toLowerCase(), requestId: `rid-${code}`, details: [] } });
const tokens = (n: number) =>
  json(200, {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    expiresIn: 900,
    tokenType: "Bearer",
    mustChangePassword: false,
    kind: "staff",
    roles: ["staff.manager"],
    communities: ["c1"],
    households: [],
  });
const session = (n: number, expiresAt = Date.now() + 600_000): Session => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresAt,
  kind: "staff",
  roles: [],
  communities: ["c1"],
  households: [],
  mustChangePassword: false,
});

describe("generated operation table", () => {
  it("has every operation of the contract, with the method wx.request sends", () => {
    const contract = parse(readFileSync(join(__dirname, "..", "..", "..", "openapi.yaml"), "utf8"));
    const expected = new Map<string, { method: string; path: string; override: unknown }>();
    for (const [path, item] of Object.entries(contract.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        expected.set(op.operationId, { method: method.toUpperCase(), path, override: op["x-method-override"] });
      }
    }
    assert.deepEqual(Object.keys(operations).sort(), [...expected.keys()].sort());
    for (const [id, op] of Object.entries(operations)) {
      const want = expected.get(id)!;
      assert.equal(op.method, want.method, id);
      assert.equal(op.path, want.path, id);
      if (op.method === "PATCH") {
        assert.equal(op.wire, "POST", id);
        assert.deepEqual(op.headers, { "X-HTTP-Method-Override": "PATCH" }, id);
      } else {
        assert.equal(op.wire, op.method, id);
      }
    }
  });
});

describe("requests", () => {
  it("fills path parameters, encodes the query, sends JSON, and tunnels PATCH through POST", async () => {
    const { sent, transport } = scripted([json(200, { items: [], nextCursor: null }), json(200, { personId: "p 1" })]);
    const api = createClient({ baseUrl: "https://api.test/", transport, store: memoryStore(session(1)) });
    await api.call("listPeople", {
      path: { community_id: "c/1" },
      query: { name: "王 芳", limit: 5, cursor: null },
    });
    assert.equal(sent[0].method, "GET");
    assert.equal(sent[0].url, "https://api.test/v1/staff/communities/c%2F1/people?name=%E7%8E%8B%20%E8%8A%B3&limit=5");
    assert.equal(sent[0].headers.Authorization, "Bearer access-1");
    assert.equal(sent[0].body, undefined);
    assert.equal(sent[0].headers["Content-Type"], undefined);
    await api.call("updatePerson", {
      path: { community_id: "c1", person_id: "p 1" },
      body: { version: 3, tags: ["a"] },
      headers: { "X-Trace": "t" },
      timeoutMs: 1234,
    });
    assert.equal(sent[1].method, "POST");
    assert.equal(sent[1].url, "https://api.test/v1/staff/communities/c1/people/p%201");
    assert.equal(sent[1].headers["X-HTTP-Method-Override"], "PATCH");
    assert.equal(sent[1].headers["Content-Type"], "application/json");
    assert.equal(sent[1].headers["X-Trace"], "t");
    assert.equal(sent[1].timeoutMs, 1234);
    assert.deepEqual(JSON.parse(sent[1].body as string), { version: 3, tags: ["a"] });
  });

  it("public operations carry no token; 204 resolves to undefined", async () => {
    const { sent, transport } = scripted([{ status: 204, headers: {}, text: "" }]);
    const api = createClient({ baseUrl: "https://api.test", transport, store: memoryStore(session(1)) });
    assert.equal(await api.call("signOut", { body: { refreshToken: "r" } }), undefined);
    assert.equal(sent[0].headers.Authorization, undefined);
  });

  it("maps the error body, and anything else to HTTP_<status>", async () => {
    const { transport } = scripted([
      json(409, { error: { code: "STALE_VERSION", message: "stale", requestId: "r1", details: [{ field: "version", code: "stale", message: "m" }] } }),
      { status: 502, headers: { "content-type": "text/html", "x-amzn-requestid": "gw-1" }, text: "<html>Bad gateway</html>" },
    ]);
    const api = createClient({ baseUrl: "https://api.test", transport, store: memoryStore(session(1)) });
    const call = () => api.call("getStaffProfile");
    await assert.rejects(call(), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.deepEqual([e.status, e.code, e.message, e.requestId, e.operationId], [409, "STALE_VERSION", "stale", "r1", "getStaffProfile"]);
      assert.equal(e.details[0].field, "version");
      return true;
    });
    await assert.rejects(call(), (e: unknown) => e instanceof ApiError && e.code === "HTTP_502" && e.requestId === "gw-1");
  });

  it("a missing path parameter fails before anything is sent", async () => {
    const { sent, transport } = scripted([]);
    const api = createClient({ baseUrl: "https://api.test", transport, store: memoryStore(session(1)) });
    const args = { path: { community_id: "" } };
    await assert.rejects(api.call("listPeople", args), /community_id missing/);
    assert.equal(sent.length, 0);
  });

  it("without a session a signed-in operation is refused locally", async () => {
    const { sent, transport } = scripted([]);
    const api = createClient({ baseUrl: "https://api.test", transport });
    await assert.rejects(api.call("getStaffProfile"), SignedOutError);
    assert.equal(sent.length, 0);
  });
});

describe("refresh", () => {
  const me = json(200, { accountId: "a", username: "u" });

  it("a refresh that fails for the network keeps the session; the next call refreshes again", async () => {
    const { sent, transport } = scripted([errorBody(401, "TOKEN_EXPIRED"), new NetworkError("request:fail", false), errorBody(401, "TOKEN_EXPIRED"), tokens(2), me]);
    let signedOut = 0;
    const api = createClient({ baseUrl: "https://api.test", transport, store: memoryStore(session(1)), onSignedOut: () => signedOut++ });
    await assert.rejects(api.call("getStaffProfile"), NetworkError);
    assert.equal(api.session?.refreshToken, "refresh-1");
    await api.call("getStaffProfile");
    assert.equal(api.session?.refreshToken, "refresh-2");
    assert.equal(signedOut, 0);
    assert.deepEqual(
      sent.filter((r) => r.url.endsWith("/token/refresh")).map((r) => JSON.parse(r.body as string).refreshToken),
      ["refresh-1", "refresh-1"],
    );
  });

  it("a 409 from the refresh (session busy) does not sign out", async () => {
    const { transport } = scripted([errorBody(401, "TOKEN_EXPIRED"), errorBody(409, "CONCURRENT_UPDATE")]);
    const api = createClient({ baseUrl: "https://api.test", transport, store: memoryStore(session(1)) });
    await assert.rejects(api.call("getStaffProfile"), (e: unknown) => e instanceof ApiError && e.code === "CONCURRENT_UPDATE");
    assert.equal(api.session?.accessToken, "access-1");
  });

  it("a call whose 401 comes back after a failed refresh signed out fails with SignedOutError too", async () => {
    let release!: () => void;
    const late = new Promise<void>((r) => (release = r));
    let calls = 0;
    const transport = async (req: TransportRequest): Promise<TransportResponse> => {
      if (req.url.endsWith("/token/refresh")) return errorBody(401, "REFRESH_TOKEN_INVALID");
      calls += 1;
      if (calls === 2) await late; // this call's answer arrives after the refresh has failed and signed out
      return errorBody(401, "TOKEN_INVALID");
    };
    const reasons: unknown[] = [];
    const api = createClient({ baseUrl: "https://api.test", transport, store: memoryStore(session(1)), onSignedOut: (r) => reasons.push(r) });
    const first = api.call("getStaffProfile");
    const second = api.call("getStaffProfile");
    await assert.rejects(first, SignedOutError);
    assert.equal(api.session, null);
    release();
    await assert.rejects(second, SignedOutError);
    assert.equal(reasons.length, 1);
  });

  it("calls made during a refresh wait for it and go out with the new token", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: TransportRequest[] = [];
    const transport = async (req: TransportRequest): Promise<TransportResponse> => {
      sent.push(req);
      if (req.url.endsWith("/token/refresh")) {
        await gate;
        return tokens(2);
      }
      return me;
    };
    let clock = Date.now();
    const api: ApiClient = createClient({ baseUrl: "https://api.test", transport, store: memoryStore(session(1, clock + 1000)), now: () => clock });
    clock += 60_000;
    const first = api.call("getStaffProfile"); // starts the refresh (token expired)
    await new Promise((r) => setImmediate(r));
    const queued = [api.call("getStaffProfile"), api.call("getStaffProfile")];
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(sent.map((r) => r.url.split("/v1/")[1]), ["public/token/refresh"], "nothing else goes out meanwhile");
    release();
    await Promise.all([first, ...queued]);
    assert.equal(sent.length, 4);
    assert.ok(sent.slice(1).every((r) => r.headers.Authorization === "Bearer access-2"));
  });
});

// Compile-time checks of the generated types (tsc fails the build when they stop holding).
export async function typeChecks(api: ApiClient): Promise<void> {
  const households: components["schemas"]["MembershipList"] = await api.call("listMyHouseholds");
  const nothing: void = await api.call("signOut", { body: { refreshToken: "r" } });
  const page = await api.call("listCommunityAudit", { path: { community_id: "c" } }); // query optional
  void [households, nothing, page];
  // @ts-expect-error path parameters are required
  void api.call("listPeople");
  // @ts-expect-error the body must match PersonUpdate (version is required)
  void api.call("updatePerson", { path: { community_id: "c", person_id: "p" }, body: { tags: [] } });
  // @ts-expect-error unknown operation
  void api.call("patchNothing");
  // @ts-expect-error no such query parameter
  void api.call("listPeople", { path: { community_id: "c" }, query: { colour: "red" } });
}

describe("wxStorageStore", () => {
  it("reads the stored session once and writes every change through", async () => {
    const { wxStorageStore } = await import("../src/index");
    const data = new Map<string, unknown>([["k", session(7)]]);
    let reads = 0;
    const storage = {
      getStorageSync: (key: string) => {
        reads++;
        return data.has(key) ? data.get(key) : "";
      },
      setStorageSync: (key: string, value: unknown) => void data.set(key, value),
      removeStorageSync: (key: string) => void data.delete(key),
    } as unknown as Parameters<typeof wxStorageStore>[1];
    const store = wxStorageStore("k", storage);
    assert.equal(store.load()?.accessToken, "access-7");
    assert.equal(store.load()?.accessToken, "access-7");
    assert.equal(reads, 1);
    store.save(session(8));
    assert.equal((data.get("k") as Session).accessToken, "access-8");
    store.save(null);
    assert.equal(data.has("k"), false);
    assert.equal(store.load(), null);
    assert.equal(wxStorageStore("other", storage).load(), null);
  });
});

describe("wx helpers", () => {
  it("uploadToForm: wx.uploadFile with the form's fields and the file as `file`; a refusal is typed", async () => {
    const calls: WechatMiniprogram.UploadFileOption[] = [];
    const answer = (statusCode: number) =>
      ({
        uploadFile(option: WechatMiniprogram.UploadFileOption) {
          calls.push(option);
          setImmediate(() => option.success?.({ statusCode, data: statusCode < 300 ? "" : "<Error/>" } as never));
          return {} as WechatMiniprogram.UploadTask;
        },
      }) as Pick<WechatMiniprogram.Wx, "uploadFile">;
    const form = { url: "https://media.example/bucket", fields: { key: "uploads/c/t/p", "Content-Type": "image/jpeg" } };
    await uploadToForm(form, "wxfile://tmp/a.jpg", answer(204));
    assert.equal(calls[0].url, form.url);
    assert.equal(calls[0].name, "file");
    assert.deepEqual(calls[0].formData, form.fields);
    const refused = await uploadToForm(form, "wxfile://tmp/a.jpg", answer(403)).catch((e: unknown) => e);
    assert.ok(refused instanceof UploadRejectedError && refused.status === 403);
  });

  it("requestPayment: the order's signed parameters to wx.requestPayment; cancel is false, not an error", async () => {
    const seen: WechatMiniprogram.RequestPaymentOption[] = [];
    const pay = (errMsg: string | null) =>
      ({
        requestPayment(option: WechatMiniprogram.RequestPaymentOption) {
          seen.push(option);
          setImmediate(() => (errMsg ? option.fail?.({ errMsg } as never) : option.success?.({ errMsg: "requestPayment:ok" })));
        },
      }) as unknown as Pick<WechatMiniprogram.Wx, "requestPayment">;
    const params = { appId: "wx1", timeStamp: "1", nonceStr: "n", package: "prepay_id=p", signType: "RSA", paySign: "s" };
    assert.equal(await requestPayment(params, pay(null)), true);
    assert.deepEqual(
      [seen[0].timeStamp, seen[0].nonceStr, seen[0].package, seen[0].signType, seen[0].paySign],
      ["1", "n", "prepay_id=p", "RSA", "s"],
    );
    assert.equal(await requestPayment(params, pay("requestPayment:fail cancel")), false);
    await assert.rejects(requestPayment(params, pay("requestPayment:fail system error")));
  });

  it("a bind's answer carries a fresh token: the client adopts it, keeps the refresh token, refreshes nothing", async () => {
    const session: Session = {
      accessToken: "old", refreshToken: "r.1.2.3", expiresAt: Date.now() + 600000, kind: "resident",
      roles: ["resident.unbound"], communities: [], households: [], mustChangePassword: false,
    };
    const sent: TransportRequest[] = [];
    const bound = { communityId: "c1", houseId: "h1", relation: "owner", personId: "p1", since: "2026-12-07T00:00:00Z",
      session: { accessToken: "fresh", tokenType: "Bearer", expiresIn: 900, roles: ["resident.owner"], communities: ["c1"], households: ["h1"] } };
    const api = createClient({
      baseUrl: "https://api.example",
      store: memoryStore(session),
      transport: async (req) => {
        sent.push(req);
        const text = req.url.includes("/bindings") ? JSON.stringify(bound) : JSON.stringify({ items: [] });
        return { status: 200, headers: { "content-type": "application/json" }, text };
      },
    });
    await api.call("bindHouse", { path: { community_id: "c1" }, body: { houseId: "h1", name: "王", phone: "13800000000" } });
    assert.equal(api.session!.accessToken, "fresh");
    assert.equal(api.session!.refreshToken, "r.1.2.3");
    assert.deepEqual(api.session!.households, ["h1"]);
    await api.call("listMyHouseholds");
    assert.equal(sent.at(-1)!.headers.Authorization, "Bearer fresh");
    assert.ok(!sent.some((r) => r.url.includes("/token/refresh")));
  });
});

describe("fetchTransport (the duty-room console's)", () => {
  it("sends through fetch and answers any HTTP status; no answer is a NetworkError", async () => {
    const { fetchTransport } = await import("../src/index");
    const seen: { url: string; method: string; body?: unknown; headers: Record<string, string> }[] = [];
    const transport = fetchTransport(async (url, init) => {
      seen.push({ url, method: init.method, body: init.body, headers: init.headers });
      return {
        status: 409,
        headers: new Map([["Content-Type", "application/json"]]),
        text: async () => '{"error":{"code":"ALARM_ALREADY_ACKNOWLEDGED","message":"x"}}',
      };
    });
    const answer = await transport({ url: "http://h/v1/x", method: "POST", headers: { A: "1" }, body: "{}", timeoutMs: 1000 });
    assert.equal(answer.status, 409);
    assert.equal(answer.headers["content-type"], "application/json");
    assert.deepEqual(seen, [{ url: "http://h/v1/x", method: "POST", body: "{}", headers: { A: "1" } }]);
    const down = fetchTransport(async () => {
      throw new TypeError("Failed to fetch");
    });
    await assert.rejects(down({ url: "http://h/", method: "GET", headers: {}, timeoutMs: 1000 }), NetworkError);
  });
});
