// The live channel: one WebSocket per tab, opened with the staff access token and the community on screen (the
// server checks both on connect and only ever sends that community's events). Reconnects with a fresh token.
import { reactive } from "vue";
import { api, state } from "./api";

export interface LiveEvent {
  type: string; // alarm.changed | device.presence | work_order.changed
  communityId: string;
  [key: string]: unknown;
}

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
export const live = reactive({ connected: false, url: "" });

let socket: WebSocket | null = null;
let retry = 0;
let wanted = "";

async function socketUrl(): Promise<string> {
  if (!live.url) {
    const response = await fetch("/console-config.json", { cache: "no-store" });
    const config = (await response.json()) as { liveUrl: string };
    live.url = config.liveUrl;
  }
  return live.url;
}

export function onLive(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function connectLive(): Promise<void> {
  const community = state.community;
  if (!community || !api.session) return;
  if (socket && wanted === community && socket.readyState <= WebSocket.OPEN) return;
  disconnectLive();
  wanted = community;
  // A call first: it refreshes an expiring access token, so the socket never opens with a stale one.
  await api.call("getStaffProfile");
  const token = api.session?.accessToken;
  if (!token) return;
  const url = `${await socketUrl()}?community=${encodeURIComponent(community)}&token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    retry = 0;
    live.connected = true;
  };
  ws.onmessage = (message) => {
    const event = JSON.parse(String(message.data)) as LiveEvent;
    if (event.communityId !== wanted) return; // never expected: the server scopes; belt and braces
    for (const listener of listeners) listener(event);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    live.connected = false;
    socket = null;
    if (!api.session) return;
    retry = Math.min(retry + 1, 5);
    setTimeout(() => void connectLive().catch(() => undefined), 500 * 2 ** retry);
  };
}

export function disconnectLive(): void {
  const ws = socket;
  socket = null;
  live.connected = false;
  ws?.close();
}
