import type { components } from "./generated/schema";
import type { WxStorageApi } from "./wx";

export type TokenResponse = components["schemas"]["TokenResponse"];
/** A new access token some answers carry (`session`), already holding what the call changed. */
export type FreshAccess = components["schemas"]["FreshAccess"];

/** A signed-in session as the client keeps it. */
export interface Session {
  accessToken: string;
  /** Single use: every refresh returns the next one. `null` when the password must change first. */
  refreshToken: string | null;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  kind: string;
  roles: string[];
  communities: string[];
  households: string[];
  mustChangePassword: boolean;
}

export function sessionFrom(tokens: TokenResponse, now: number): Session {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken ?? null,
    expiresAt: now + tokens.expiresIn * 1000,
    kind: tokens.kind,
    roles: tokens.roles,
    communities: tokens.communities,
    households: tokens.households,
    mustChangePassword: tokens.mustChangePassword ?? false,
  };
}

/** Where the session lives between launches. Synchronous on purpose: mini-program storage is. */
export interface TokenStore {
  load(): Session | null;
  save(session: Session | null): void;
}

export function memoryStore(initial: Session | null = null): TokenStore {
  let current = initial;
  return {
    load: () => current,
    save: (session) => {
      current = session;
    },
  };
}

/**
 * Keeps the session in the mini-program's storage (`wx.setStorageSync`) under `key`, so it survives restarts.
 * Read once, then served from memory; every change is written through.
 */
export function wxStorageStore(key = "smartcommunity.session", api?: WxStorageApi): TokenStore {
  const storage = (): WxStorageApi => api ?? wx;
  let cached: Session | null | undefined;
  return {
    load() {
      if (cached === undefined) {
        const value = storage().getStorageSync<Session | "">(key);
        cached = value && typeof value === "object" && typeof value.accessToken === "string" ? value : null;
      }
      return cached;
    },
    save(session) {
      cached = session;
      if (session) storage().setStorageSync(key, session);
      else storage().removeStorageSync(key);
    },
  };
}
