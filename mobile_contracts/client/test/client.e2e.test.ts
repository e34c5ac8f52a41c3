// The typed client against the `make up` stack, through a Node implementation of wx.request.
// Run by tests/e2e/test_typed_client_e2e.py with SC_API (the API's base URL) and SC_STATE (the stack's state.json,
// where the demo seed writes its logins).
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";

import {
  ApiError,
  createClient,
  memoryStore,
  NetworkError,
  OPERATION_COUNT,
  operations,
  SignedOutError,
  wxTransport,
  type ApiClient,
  type ClientOptions,
  type Session,
} from "../src/index";
import { nodeWx } from "./wx-node";

const API = process.env.SC_API ?? "";
const STATE_PATH = process.env.SC_STATE ?? "";
const state = STATE_PATH ? JSON.parse(readFileSync(STATE_PATH, "utf8")) : null;
const skip = state ? false : "SC_API / SC_STATE not set: run through pytest tests/e2e/test_typed_client_e2e.py";

interface Demo {
  community: string;
  binding: { house_id: string; name: string; phone: string };
  residentCode: string;
  staff: Record<string, { username: string; password: string }>;
  voteId: string;
}
const demo: Demo | null = state && {
  community: state.demo.registry.community_ids[0],
  binding: state.demo.registry.resident_binding,
  residentCode: state.demo.identity.resident.code,
  staff: state.demo.identity.staff,
  voteId: state.demo.votes.vote_id,
};

function client(extra: Partial<ClientOptions> = {}): { api: ApiClient; wx: ReturnType<typeof nodeWx> } {
  const wx = nodeWx(demo?.residentCode);
  return { api: createClient({ baseUrl: API, transport: wxTransport(wx), timeoutMs: 20000, ...extra }), wx };
}

async function rejects<T extends Error>(promise: Promise<unknown>, type: new (...a: never[]) => T): Promise<T> {
  let outcome: unknown = undefined;
  let failed = false;
  try {
    await promise;
  } catch (error) {
    outcome = error;
    failed = true;
  }
  assert.ok(failed, `expected ${type.name}, the call succeeded`);
  assert.ok(outcome instanceof type, `expected ${type.name}, got ${String(outcome)}`);
  return outcome;
}

function refreshes(wx: ReturnType<typeof nodeWx>): number {
  return wx.sent.filter((r) => r.url.endsWith("/v1/public/token/refresh")).length;
}

describe("typed client against make up", { skip }, () => {
  it("covers every operation, none with a method wx.request lacks", () => {
    assert.ok(OPERATION_COUNT > 50);
    for (const op of Object.values(operations)) {
      assert.ok(["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT"].includes(op.wire), op.path);
    }
  });

  it("resident: wx.login code -> bind the demo house -> refresh -> list households", async () => {
    const d = demo!;
    const { api, wx } = client();
    const session = await api.loginWithWeChat(wx);
    assert.equal(session.kind, "resident");
    assert.ok(session.refreshToken);
    const bind = { houseId: d.binding.house_id, name: d.binding.name, phone: d.binding.phone };
    try {
      const membership = await api.call("bindHouse", {
        path: { community_id: d.community },
        body: bind,
      });
      assert.equal(membership.houseId, d.binding.house_id);
      assert.equal(membership.communityId, d.community);
    } catch (error) {
      // The stack is shared by the session's e2e tests: an earlier one may have bound this resident already.
      assert.ok(error instanceof ApiError && error.status === 409 && error.code === "ALREADY_BOUND", String(error));
      assert.ok(error.requestId);
    }
    const before = api.session!.refreshToken;
    const refreshed = await api.refresh();
    assert.notEqual(refreshed.refreshToken, before, "the refresh token rotates");
    assert.ok(refreshed.households.includes(d.binding.house_id), "the new household reaches the token");
    const households = await api.call("listMyHouseholds");
    assert.ok(households.items.some((m) => m.houseId === d.binding.house_id));
    // Every request went out with a method wx.request has, JSON and the bearer token.
    const listed = wx.sent.at(-1)!;
    assert.equal(listed.method, "GET");
    assert.equal(listed.header.authorization, `Bearer ${refreshed.accessToken}`);
  });

  it("owner: the demo vote in the mini-program flow -> cast (or change) the house's ballot", async () => {
    const d = demo!;
    const { api, wx } = client();
    await api.loginWithWeChat(wx);
    try {
      await api.call("bindHouse", {
        path: { community_id: d.community },
        body: { houseId: d.binding.house_id, name: d.binding.name, phone: d.binding.phone },
      });
    } catch (error) {
      assert.ok(error instanceof ApiError && error.code === "ALREADY_BOUND", String(error));
    }
    await api.refresh();
    const path = { community_id: d.community, house_id: d.binding.house_id };
    const votes = await api.call("listHouseVotes", { path });
    const vote = votes.items.find((v) => v.voteId === d.voteId);
    assert.ok(vote && vote.status === "open" && vote.allowChange, "the seeded demo vote is open and changeable");
    const ballotPath = { ...path, vote_id: d.voteId };
    try {
      const ballot = await api.call("sendBallot", { path: ballotPath, body: { choice: "agree" } });
      assert.equal(ballot.choice, "agree");
    } catch (error) {
      // another e2e test of the session may have cast this house's ballot already: one ballot per unit
      assert.ok(error instanceof ApiError && error.status === 409 && error.code === "BALLOT_EXISTS", String(error));
      const changed = await api.call("changeBallot", { path: ballotPath, body: { choice: "agree" } });
      assert.equal(changed.choice, "agree");
    }
    const shown = await api.call("getHouseVote", { path: ballotPath });
    assert.equal(shown.myBallot?.choice, "agree");
  });

  it("new resident (the README's example): browse to the house, bind, then call with no refresh", async () => {
    const d = demo!;
    // The property registers a new family member of a demo house (what the resident then binds with).
    const staff = client().api;
    await staff.loginStaff(d.staff.manager.username, d.staff.manager.password);
    const phone = `137${String(Date.now()).slice(-8)}`;
    const person = await staff.call("createPerson", { path: { community_id: d.community }, body: { name: "孙新", phone } });

    const code = `new-resident-${Date.now()}`;
    const wx = nodeWx(code);
    const api = createClient({ baseUrl: API, transport: wxTransport(wx), timeoutMs: 20000 });
    await api.loginWithWeChat(wx);
    assert.deepEqual((await api.call("listMyHouseholds")).items, [], "a new resident has no household yet, and may ask");
    // community -> building -> unit -> room, by labels
    const buildings = await api.call("listBuildingsToBind", { path: { community_id: d.community } });
    // the first building with a unit that has rooms (a building may be registered before its houses are)
    let building: (typeof buildings.items)[number] | undefined;
    let unit: { unit: number; label: string } | undefined;
    let house: { houseId: string; label: string } | undefined;
    for (const candidate of buildings.items) {
      assert.match(candidate.label, /栋$/);
      const units = await api.call("listUnitsToBind", {
        path: { community_id: d.community, building_id: candidate.buildingId },
      });
      for (const u of units.items) {
        const houses = await api.call("listHousesToBind", {
          path: { community_id: d.community, building_id: candidate.buildingId, unit: String(u.unit) },
        });
        if (houses.items.length > 0) {
          [building, unit, house] = [candidate, u, houses.items[0]];
          break;
        }
      }
      if (house) break;
    }
    assert.ok(building && unit && house, "the demo community has a building with a unit and rooms to bind");
    assert.ok(house.label.startsWith(`${building.label}${unit.label}`), house.label);
    await staff.call("addHouseMember", {
      path: { community_id: d.community, house_id: house.houseId },
      body: { personId: person.personId, relation: "family" },
    });

    const bound = await api.call("bindHouse", {
      path: { community_id: d.community },
      body: { houseId: house.houseId, name: "孙新", phone },
    });
    assert.equal(bound.houseId, house.houseId);
    assert.ok(api.session!.households.includes(house.houseId), "the answer's token was adopted");
    const members = await api.call("listHouseholdMembers", { path: { community_id: d.community, house_id: house.houseId } });
    assert.ok(members.items.length > 0);
    const bills = await api.call("listHouseBills", { path: { community_id: d.community, house_id: house.houseId } });
    assert.ok(Array.isArray(bills.items));
    assert.equal(refreshes(wx), 0, "no token refresh between binding and using the house");
  });

  it("staff: list people -> update one through POST + X-HTTP-Method-Override -> 403 and 409 as typed errors", async () => {
    const d = demo!;
    const { api, wx } = client();
    await api.loginStaff(d.staff.manager.username, d.staff.manager.password);
    const page = await api.call("listPeople", {
      path: { community_id: d.community },
      query: { limit: 5 },
    });
    assert.ok(page.items.length > 0, "the demo community has people");
    const person = page.items[0];
    const tag = `client-${Date.now()}`;
    const updated = await api.call("updatePerson", {
      path: { community_id: d.community, person_id: person.personId },
      body: { version: person.version, tags: [tag] },
    });
    assert.deepEqual(updated.tags, [tag]);
    assert.equal(updated.version, person.version + 1);
    const sent = wx.sent.at(-1)!;
    assert.equal(sent.method, "POST");
    assert.equal(sent.header["x-http-method-override"], "PATCH");
    assert.equal(sent.header["content-type"], "application/json");

    // 409: the version read before the update is stale now.
    const stale = await rejects(
      api.call("updatePerson", {
        path: { community_id: d.community, person_id: person.personId },
        body: { version: person.version, tags: ["late"] },
      }),
      ApiError,
    );
    assert.equal(stale.status, 409);
    assert.equal(stale.code, "STALE_VERSION");
    assert.ok(stale.requestId);
    assert.equal(stale.operationId, "updatePerson");
    assert.deepEqual(stale.details.map((x) => x.field), ["version"]);

    // 403: a guard may read people but not change them.
    const guard = client().api;
    await guard.loginStaff(d.staff.guard.username, d.staff.guard.password);
    const denied = await rejects(
      guard.call("updatePerson", {
        path: { community_id: d.community, person_id: person.personId },
        body: { version: updated.version, tags: [] },
      }),
      ApiError,
    );
    assert.equal(denied.status, 403);
    assert.equal(denied.code, "PERMISSION_DENIED");
    assert.ok(denied.requestId && denied.message);
    assert.deepEqual(denied.details, []);
  });

  it("an expired access token: two concurrent calls share one refresh, and the refresh token rotates", async () => {
    const d = demo!;
    let clock = Date.now();
    const { api, wx } = client({ now: () => clock });
    const first = await api.loginStaff(d.staff.manager.username, d.staff.manager.password);
    clock = first.expiresAt + 1000; // the client now considers the access token expired
    const [me, page] = await Promise.all([
      api.call("getStaffProfile"),
      api.call("listPeople", { path: { community_id: d.community }, query: { limit: 1 } }),
    ]);
    assert.equal(me.username, d.staff.manager.username);
    assert.equal(page.items.length, 1);
    assert.equal(refreshes(wx), 1, "one refresh for both calls");
    const second = api.session!;
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.notEqual(second.accessToken, first.accessToken);
    // The old refresh token is spent: reusing it is refused (and, as theft, ends the session family).
    const replay = createClient({ baseUrl: API, transport: wxTransport(nodeWx()), store: memoryStore({ ...first }) });
    const ended = await rejects(replay.refresh(), SignedOutError);
    assert.equal(ended.cause?.code, "REFRESH_TOKEN_REUSED");
    assert.equal(replay.session, null);
  });

  it("a rejected access token: both calls get 401, one refresh, each retried once", async () => {
    const d = demo!;
    const store = memoryStore();
    const { api, wx } = client({ store });
    const session = await api.loginStaff(d.staff.guard.username, d.staff.guard.password);
    store.save({ ...session, accessToken: "not-a-token" } satisfies Session);
    const [a, b] = await Promise.all([api.call("getStaffProfile"), api.call("getStaffProfile")]);
    assert.equal(a.username, d.staff.guard.username);
    assert.equal(b.username, d.staff.guard.username);
    assert.equal(refreshes(wx), 1);
    const withBadToken = wx.sent.filter((r) => r.header.authorization === "Bearer not-a-token");
    assert.equal(withBadToken.length, 2);
    assert.equal(wx.sent.filter((r) => r.url.endsWith("/v1/staff/me")).length, 4, "two calls, each retried once");
  });

  it("a failed refresh signs out: queued calls fail with SignedOutError and onSignedOut fires once", async () => {
    const d = demo!;
    const reasons: (ApiError | undefined)[] = [];
    const store = memoryStore();
    const { api, wx } = client({ store, onSignedOut: (reason) => reasons.push(reason) });
    const session = await api.loginStaff(d.staff.guard.username, d.staff.guard.password);
    store.save({ ...session, accessToken: "not-a-token", refreshToken: "x.y.z.w" });
    const results = await Promise.allSettled([api.call("getStaffProfile"), api.call("getStaffProfile"), api.call("getStaffProfile")]);
    for (const r of results) {
      assert.equal(r.status, "rejected");
      assert.ok((r as PromiseRejectedResult).reason instanceof SignedOutError);
    }
    assert.equal(refreshes(wx), 1);
    assert.equal(reasons.length, 1);
    assert.equal(reasons[0]?.status, 401);
    assert.equal(api.session, null);
    await rejects(api.call("getStaffProfile"), SignedOutError);
  });

  it("the error body of a refused login and a validation failure", async () => {
    const { api } = client();
    // An unknown username (a wrong password would count towards locking a demo account other tests use).
    const wrong = await rejects(api.loginStaff(`nobody.${Date.now()}`, "wrong-password"), ApiError);
    assert.equal(wrong.status, 401);
    assert.equal(wrong.code, "INVALID_CREDENTIALS");
    const invalid = await rejects(api.call("signInResident", { body: { code: "" } }), ApiError);
    assert.equal(invalid.status, 400);
    assert.equal(invalid.code, "VALIDATION_FAILED");
    assert.equal(invalid.details[0].field, "code");
  });
});

describe("transport limits", () => {
  it("a silent server: the call fails with a NetworkError after the timeout", async () => {
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const api = createClient({ baseUrl: `http://127.0.0.1:${port}`, transport: wxTransport(nodeWx()), timeoutMs: 300 });
      const started = Date.now();
      const error = await rejects(api.call("getHealth"), NetworkError);
      assert.ok(error.timedOut);
      assert.equal(error.operationId, "getHealth");
      assert.ok(Date.now() - started < 5000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("the Node wx.request stand-in refuses PATCH like the real one", async () => {
    const wx = nodeWx();
    const failure = await new Promise<string>((resolve) => {
      wx.request({ url: "http://127.0.0.1:9/", method: "PATCH" as "POST", fail: (e) => resolve(e.errMsg), success: () => resolve("sent") });
    });
    assert.match(failure, /request:fail/);
  });
});
