import { ApiError, NetworkError, SignedOutError } from "./errors";
import { operations, type OperationId } from "./generated/operations";
import { memoryStore, sessionFrom, type FreshAccess, type Session, type TokenResponse, type TokenStore } from "./session";
import type { Transport } from "./transport";
import type { CallArgs, CallRest, Result } from "./types";
import { wxLoginCode, type WxLoginApi } from "./wx";

export interface ClientOptions {
  /** e.g. `https://api.example.cn` (no trailing slash needed). */
  baseUrl: string;
  /** How requests travel: `wxTransport()` in a mini-program. */
  transport: Transport;
  /** Where the session is kept; `wxStorageStore()` survives restarts. Default: memory. */
  store?: TokenStore;
  /** Per-request timeout in milliseconds. Default 15000. */
  timeoutMs?: number;
  /** Refresh before calling when the access token expires within this many seconds. Default 30. */
  refreshLeewaySeconds?: number;
  /** Called once when a refresh fails and the session is dropped: show the login page. */
  onSignedOut?: (reason: ApiError | undefined) => void;
  /** Clock (epoch milliseconds); tests move it. */
  now?: () => number;
}

type AnyArgs = { path?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown } & {
  timeoutMs?: number;
  headers?: Record<string, string>;
};

function encodeQuery(query: Record<string, unknown> | undefined): string {
  // No URLSearchParams: older mini-program base libraries lack it.
  const parts: string[] = [];
  for (const key of Object.keys(query ?? {})) {
    const value = (query as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(item))}`);
    }
  }
  return parts.join("&");
}

/**
 * The typed client: `call(operationId, {path, query, body})` for every operation of the contract, the session
 * (sign-in, rotating refresh, sign-out) and the method override for operations `wx.request` cannot send.
 */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly store: TokenStore;
  private readonly timeoutMs: number;
  private readonly leewayMs: number;
  private readonly onSignedOut?: (reason: ApiError | undefined) => void;
  private readonly now: () => number;
  private refreshing: Promise<Session> | null = null;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.transport = options.transport;
    this.store = options.store ?? memoryStore();
    this.timeoutMs = options.timeoutMs ?? 15000;
    this.leewayMs = (options.refreshLeewaySeconds ?? 30) * 1000;
    this.onSignedOut = options.onSignedOut;
    this.now = options.now ?? (() => Date.now());
  }

  /** The current session, or `null` when signed out. */
  get session(): Session | null {
    return this.store.load();
  }

  /**
   * Calls one operation. Signed-in operations carry the access token; an expired one is refreshed first, and a
   * 401 triggers one refresh and one retry. Rejects with `ApiError` (any HTTP error), `NetworkError` (no answer)
   * or `SignedOutError` (no session, or the refresh failed).
   */
  async call<Id extends OperationId>(id: Id, ...rest: CallRest<Id>): Promise<Result<Id>> {
    const args = (rest[0] ?? {}) as CallArgs<Id> as AnyArgs;
    if (operations[id].public) return (await this.send(id, args, null)) as Result<Id>;

    if (this.refreshing) await this.refreshing; // queued behind the refresh in flight
    let session = this.session;
    if (!session) throw new SignedOutError("not signed in");
    if (session.refreshToken && session.expiresAt - this.leewayMs <= this.now()) session = await this.refresh();
    let result: unknown;
    try {
      result = await this.send(id, args, session.accessToken);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      const current = this.session;
      // A refresh that failed while this call was out signed out: the session ended for this call too.
      if (!current) throw new SignedOutError(`the session ended: ${error.code}`, error);
      if (!current.refreshToken) throw error;
      // Someone else refreshed while this call was out: use their token rather than rotating again.
      const next = current.accessToken !== session.accessToken ? current : await this.refresh();
      result = await this.send(id, args, next.accessToken); // retried once; a second 401 is thrown
    }
    this.adoptFreshAccess(result);
    return result as Result<Id>;
  }

  /**
   * A call that changes what the token carries (binding a house) answers with `session`: a new access token that
   * already holds the change. It replaces the stored access token (the refresh token stays), so the next call
   * works without a refresh.
   */
  private adoptFreshAccess(result: unknown): void {
    const fresh = (result as { session?: unknown } | null)?.session as Partial<FreshAccess> | undefined;
    const current = this.session;
    if (!current || !fresh || typeof fresh.accessToken !== "string" || typeof fresh.expiresIn !== "number") return;
    this.store.save({
      ...current,
      accessToken: fresh.accessToken,
      expiresAt: this.now() + fresh.expiresIn * 1000,
      roles: fresh.roles ?? current.roles,
      communities: fresh.communities ?? current.communities,
      households: fresh.households ?? current.households,
    });
  }

  /**
   * Exchanges the refresh token for a new session (the server rotates the refresh token on every use, and
   * treats a reused one as theft). One refresh at a time: concurrent callers share it. A refused refresh
   * (400/401/403: invalid, reused, revoked, expired) signs out; a network failure, 409, 429 or 5xx keeps the
   * session for a later try.
   */
  refresh(): Promise<Session> {
    if (this.refreshing) return this.refreshing;
    const refreshToken = this.session?.refreshToken;
    if (!refreshToken) return Promise.reject(new SignedOutError("no refresh token: sign in again"));
    const pending = this.send("refreshSession", { body: { refreshToken } }, null)
      .then((tokens) => this.adopt(tokens as TokenResponse))
      .catch((error: unknown) => {
        if (error instanceof ApiError && [400, 401, 403].includes(error.status)) {
          this.signOut(error);
          throw new SignedOutError(`the session ended: ${error.code}`, error);
        }
        throw error;
      });
    this.refreshing = pending;
    const clear = (): void => {
      if (this.refreshing === pending) this.refreshing = null;
    };
    pending.then(clear, clear);
    return pending;
  }

  /** Resident sign-in with the code from `wx.login()`. */
  async loginResident(code: string): Promise<Session> {
    return this.adopt(await this.call("signInResident", { body: { code } }));
  }

  /** Calls `wx.login()` (or the injected stand-in) and signs the resident in with its code. */
  async loginWithWeChat(api?: WxLoginApi): Promise<Session> {
    return this.loginResident(await wxLoginCode(api));
  }

  /** Staff and admin sign-in. When `mustChangePassword` is set, call `changePassword` before anything else. */
  async loginStaff(username: string, password: string): Promise<Session> {
    return this.adopt(await this.call("signInStaff", { body: { username, password } }));
  }

  /** Ends the session on the server (its refresh token stops working) and forgets it here. */
  async logout(): Promise<void> {
    const refreshToken = this.session?.refreshToken;
    this.store.save(null);
    if (refreshToken) await this.call("signOut", { body: { refreshToken } });
  }

  /** Forgets the session locally and tells `onSignedOut`. */
  signOut(reason?: ApiError): void {
    const had = this.session !== null;
    this.store.save(null);
    if (had && this.onSignedOut) this.onSignedOut(reason);
  }

  private adopt(tokens: TokenResponse): Session {
    const session = sessionFrom(tokens, this.now());
    this.store.save(session);
    return session;
  }

  private async send(id: OperationId, args: AnyArgs, accessToken: string | null): Promise<unknown> {
    const op = operations[id];
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = args.path?.[name];
      if (value === undefined || value === null || value === "") throw new Error(`${id}: path parameter ${name} missing`);
      return encodeURIComponent(String(value));
    });
    const query = encodeQuery(args.query);
    const headers: Record<string, string> = { Accept: "application/json", ...op.headers, ...(args.headers ?? {}) };
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    let body: string | ArrayBuffer | undefined;
    if (op.body !== null) {
      headers["Content-Type"] = op.body;
      body = op.body === "application/json" ? JSON.stringify(args.body ?? {}) : (args.body as string | ArrayBuffer);
    }
    let response;
    try {
      response = await this.transport({
        url: `${this.baseUrl}${path}${query ? `?${query}` : ""}`,
        method: op.wire,
        headers,
        body,
        timeoutMs: args.timeoutMs ?? this.timeoutMs,
      });
    } catch (error) {
      if (error instanceof NetworkError) throw new NetworkError(error.message, error.timedOut, id);
      throw error;
    }
    if (response.status >= 400) throw ApiError.fromResponse(id, response.status, response.text, response.headers);
    if (!response.text) return undefined;
    const type = response.headers["content-type"] ?? "application/json";
    return type.includes("json") ? JSON.parse(response.text) : response.text;
  }
}

export function createClient(options: ClientOptions): ApiClient {
  return new ApiClient(options);
}
