// The one way the console reaches the API: the generated typed client with the fetch transport. The session is
// kept in sessionStorage (one duty-room tab, gone when the browser closes).
import { ApiClient } from "@client/client";
import { ApiError } from "@client/errors";
import { fetchTransport } from "@client/fetch";
import type { Session, TokenStore } from "@client/session";
import { reactive } from "vue";

const KEY = "smartcommunity.console.session";

function sessionStore(): TokenStore {
  return {
    load: () => {
      const raw = sessionStorage.getItem(KEY);
      return raw ? (JSON.parse(raw) as Session) : null;
    },
    save: (session) => {
      if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
      else sessionStorage.removeItem(KEY);
    },
  };
}

export interface Profile {
  accountId: string;
  name: string;
  username: string;
  roles: string[];
  communities: string[];
  /** Each community's name (阳光社区) where the registry has one; the id otherwise. */
  communityNames?: Record<string, string>;
  permissions: string[];
}

export const state = reactive({
  profile: null as Profile | null,
  community: "" as string,
});

export const api = new ApiClient({
  baseUrl: "", // same origin: the console's server forwards /v1 to the API
  transport: fetchTransport(),
  store: sessionStore(),
  onSignedOut: () => {
    state.profile = null;
    window.location.hash = "#/login";
  },
});

/** What the authorisation matrix (as the API reports it for this account) allows; `prefix:*` grants cover. */
export function can(permission: string): boolean {
  const granted = state.profile?.permissions ?? [];
  if (granted.includes(permission)) return true;
  const parts = permission.split(":");
  for (let i = 1; i < parts.length; i++) if (granted.includes(`${parts.slice(0, i).join(":")}:*`)) return true;
  return false;
}

/** The community as people know it (its id when the registry has no name for it). */
export function communityName(community: string): string {
  return state.profile?.communityNames?.[community] ?? community;
}

export async function loadProfile(): Promise<Profile | null> {
  if (!api.session) return null;
  if (state.profile) return state.profile;
  const me = (await api.call("getStaffProfile")) as unknown as Profile;
  state.profile = me;
  const saved = localStorage.getItem("console.community");
  state.community = saved && me.communities.includes(saved) ? saved : (me.communities[0] ?? "");
  return me;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return String(error);
}

/** Calls that a role may be refused (403) answer `null` instead of failing the page. */
export async function allowed<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404 || error.status === 503)) return null;
    throw error;
  }
}

export type StaffMember = { staffId: string; staffName: string; roles?: string[] };

/** Staff of the community by name: the staff list where this account may read it (an admin), the people on the duty
 * roster, and the account itself, so a manager can still choose among the people who work here. */
export async function staffDirectory(): Promise<StaffMember[]> {
  const path = { community_id: state.community };
  const [listed, roster] = await Promise.all([
    can("staff:manage") ? allowed(api.call("listStaff", { path, query: {} })) : Promise.resolve(null),
    allowed(api.call("getDutyRoster", { path })),
  ]);
  const seen = new Map<string, StaffMember>();
  for (const s of listed?.items ?? []) if (!s.disabled) seen.set(s.accountId, { staffId: s.accountId, staffName: s.name, roles: s.roles });
  for (const s of roster?.items ?? []) if (!seen.has(s.staffId)) seen.set(s.staffId, { staffId: s.staffId, staffName: s.staffName });
  const me = state.profile;
  if (me && !seen.has(me.accountId)) seen.set(me.accountId, { staffId: me.accountId, staffName: me.name, roles: me.roles });
  return [...seen.values()];
}
