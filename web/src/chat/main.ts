// The customer chat widget (/chat/?tenant=demo): starts an anonymous web-chat session, sends the customer's
// messages and shows the brand's replies as they arrive on the visitor's webchat stream (polling without the hub).
import { byId, h, replace } from "../shared/dom";
import { clockTime } from "../shared/format";
import { Live, liveIndicator, poll } from "../shared/live";

interface Visitor { visitorId: string; token: string; expiresAt: string }
interface ChatMessage { platformMessageId: string; direction: "inbound" | "outbound"; text: string; author: { kind: string; displayName?: string | null }; at: string }

const params = new URLSearchParams(location.search);
const tenant = params.get("tenant") ?? "demo";
const title = params.get("title") ?? "Chat with us";
const storageKey = `engine.webchat.${tenant}`;
const root = byId("app");

let visitor: Visitor | null = load();
let conversationId: string | null = null;
const shown = new Map<string, HTMLElement>();

const liveBadge = h("span.live#live");
const messagesEl = h("div.chat-messages#messages", { "aria-live": "polite" });
const typingEl = h("div.typing#typing");
const input = h("textarea#chat-input", { rows: 2, placeholder: "Type your message…", "aria-label": "Your message" });
const errorEl = h("p.error#chat-error", { role: "alert" });
const nameInput = h("input#chat-name", { placeholder: "Your name (optional)", "aria-label": "Your name", maxLength: 100, autocomplete: "name" });
const form = h("form.chat-compose", input, h("button.primary#chat-send", { type: "submit" }, "Send"));
document.body.className = "chat";
replace(root, h("div.chat-shell",
  h("header.chat-header", h("div", h("strong", title), h("div.muted", "We usually answer within minutes")), liveBadge),
  messagesEl, typingEl, errorEl, visitor ? null : h("div.chat-name", nameInput), form));

const live = new Live(() => visitor?.token ?? null, s => liveIndicator(liveBadge, s));
liveIndicator(liveBadge, live.status);
liveBadge.hidden = true; // shown once there is a conversation to follow
showEmpty();

form.addEventListener("submit", async e => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  errorEl.textContent = "";
  try {
    if (!visitor) visitor = await startSession();
    const sent = await post<{ conversationId: string }>("messages", { text, clientMessageId: crypto.randomUUID() });
    input.value = "";
    follow(sent.conversationId);
    await refresh();
  } catch (err) {
    errorEl.textContent = (err as Error).message;
  }
});
input.addEventListener("keydown", e => {
  if (e.key === "Enter" && !e.shiftKey) {
    e.preventDefault();
    form.requestSubmit();
  }
});
let typingTimer = 0;
input.addEventListener("input", () => {
  if (!conversationId) return;
  live.typing(conversationId, true);
  clearTimeout(typingTimer);
  typingTimer = window.setTimeout(() => conversationId && live.typing(conversationId, false), 2500);
});

if (visitor) refresh().catch(() => {});
poll(live, () => (visitor ? refresh() : Promise.resolve()));

async function startSession(): Promise<Visitor> {
  const response = await fetch(`/api/v1/webchat/${encodeURIComponent(tenant)}/sessions`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(nameInput.value.trim() ? { name: nameInput.value.trim() } : {}),
  });
  if (!response.ok) throw new Error(response.status === 404 ? "Chat is not available for this brand." : `Could not start the chat (${response.status}).`);
  const v = (await response.json()) as Visitor;
  localStorage.setItem(storageKey, JSON.stringify(v));
  nameInput.parentElement?.remove();
  return v;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`/api/v1/webchat/${encodeURIComponent(tenant)}/${path}`, {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${visitor!.token}` }, body: JSON.stringify(body),
  });
  if (response.status === 401) forget();
  if (!response.ok) throw new Error(`Your message was not sent (${response.status}). Please try again.`);
  return (await response.json()) as T;
}

async function refresh() {
  const response = await fetch(`/api/v1/webchat/${encodeURIComponent(tenant)}/conversation`, { headers: { Authorization: `Bearer ${visitor!.token}` } });
  if (response.status === 401) return forget();
  if (!response.ok) return; // no conversation yet
  const c = (await response.json()) as { conversationId: string | null; messages: ChatMessage[] };
  if (c.conversationId) follow(c.conversationId);
  c.messages.forEach(m => show(m, "rest"));
}

function follow(id: string) {
  if (conversationId === id) return;
  conversationId = id;
  liveBadge.hidden = false;
  live.subscribe(`webchat:${id}`, 0, e => {
    const d = e.data as Record<string, unknown>;
    if (e.type === "message.added") {
      show({ platformMessageId: String(d.platformMessageId), direction: d.direction as ChatMessage["direction"], text: String(d.text ?? ""),
        author: (d.author as ChatMessage["author"]) ?? { kind: "agent" }, at: e.at }, "live");
      typingEl.textContent = "";
    } else if (e.type === "typing") {
      typingEl.textContent = d.typing ? "An agent is typing…" : "";
    }
  }, () => refresh());
  live.start();
}

/** `via` says how the message came (hub or REST), so a test can tell the live path worked. */
function show(m: ChatMessage, via: "live" | "rest") {
  if (shown.has(m.platformMessageId)) return;
  messagesEl.querySelector(".empty")?.remove();
  const mine = m.direction === "inbound";
  const el = h("div.bubble", { "data-direction": m.direction, "data-message": m.platformMessageId, "data-via": via, "data-shown-at": Date.now() },
    mine ? null : h("div.bubble-author", m.author.displayName ?? "Support"),
    h("div.bubble-text", m.text), h("div.bubble-time", clockTime(m.at)));
  shown.set(m.platformMessageId, el);
  messagesEl.append(el);
  messagesEl.scrollTop = messagesEl.scrollHeight;
}

function showEmpty() {
  messagesEl.append(h("p.empty", "Hi! Ask us anything — a person will answer here."));
}

function load(): Visitor | null {
  const text = localStorage.getItem(storageKey);
  if (!text) return null;
  const v = JSON.parse(text) as Visitor;
  return Date.parse(v.expiresAt) > Date.now() ? v : null;
}

function forget() {
  localStorage.removeItem(storageKey);
  visitor = null;
}
