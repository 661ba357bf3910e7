// The reply box (thread and visibility, canned responses) and the conversation's actions:
// invite to private, transfer, resolve.
import { Api, ApiError } from "../shared/api";
import { h } from "../shared/dom";
import { Canned, Conversation } from "./model";

export interface ComposerContext {
  api: Api;
  base: string; // /api/v1/tenants/{t}
  me: string;
  canned: Canned[] | null; // null: the tenant has no canned responses endpoint
  onDone: (message: string) => void;
  onError: (message: string) => void;
  onTyping: (typing: boolean) => void;
}

// Where a public thread can be handed off to (the invite-private endpoint's channels).
const privateChannels = ["messenger", "x", "instagram", "whatsApp", "email"];

export function composer(c: Conversation, ctx: ComposerContext) {
  const path = `${ctx.base}/conversations/${c.id}`;
  const target = h("select#reply-target", { "aria-label": "Reply on" },
    c.threads.map(t => h("option", { value: `thread:${t.threadId}` }, `Reply · ${t.visibility} · ${t.channel} #${t.threadId}`)),
    h("option", { value: "note" }, "Internal note (never sent)"));
  const latestInbound = [...c.threads].sort((a, b) => Date.parse(last(b)) - Date.parse(last(a)))[0];
  if (latestInbound) target.value = `thread:${latestInbound.threadId}`;
  const text = h("textarea#reply-text", { rows: 3, placeholder: "Write a reply…", "aria-label": "Message" });
  let cannedId: string | null = null;
  let typingTimer = 0;
  text.addEventListener("input", () => {
    ctx.onTyping(true);
    clearTimeout(typingTimer);
    typingTimer = window.setTimeout(() => ctx.onTyping(false), 2500);
  });
  const form = h("form.composer", { "data-note": "false" });
  const syncMode = () => {
    form.dataset.note = String(target.value === "note");
    text.placeholder = target.value === "note" ? "Write an internal note (only your team sees it)…" : "Write a reply…";
  };
  target.addEventListener("change", syncMode);

  const cannedPicker = ctx.canned && ctx.canned.length
    ? h("select#canned", { "aria-label": "Canned response", onchange: async (e: Event) => {
        const select = e.target as HTMLSelectElement;
        if (!select.value) return;
        cannedId = select.value;
        text.value = await render(ctx, select.value, c.id, threadOf(target.value)) ?? ctx.canned!.find(x => x.id === select.value)!.text;
        select.value = "";
        text.focus();
      } }, h("option", { value: "" }, "Canned response…"), ctx.canned.map(r => h("option", { value: r.id }, `/${r.shortcut} · ${r.title}`)))
    : null;

  form.addEventListener("submit", async e => {
    e.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    try {
      if (target.value === "note") await ctx.api.post(`${path}/notes`, { authorId: ctx.me, text: body });
      else {
        const reply: Record<string, unknown> = { threadId: threadOf(target.value), agentId: ctx.me, text: body, clientMessageId: crypto.randomUUID() };
        if (cannedId) reply.cannedResponseId = cannedId;
        await ctx.api.post(`${path}/replies`, reply);
      }
      text.value = "";
      cannedId = null;
      ctx.onTyping(false);
      ctx.onDone(target.value === "note" ? "Note added." : "Reply sent.");
    } catch (err) {
      ctx.onError(describe(err));
    }
  });
  form.append(h("div.composer-row", target, cannedPicker, h("span.grow"), h("button.primary#send", { type: "submit" }, "Send")), text);
  syncMode();
  return form;
}

export function actions(c: Conversation, ctx: ComposerContext) {
  const path = `${ctx.base}/conversations/${c.id}`;
  const run = (what: string, call: () => Promise<unknown>) => async () => {
    try {
      await call();
      ctx.onDone(what);
    } catch (err) {
      ctx.onError(describe(err));
    }
  };
  const publicThread = c.threads.find(t => t.visibility === "public");
  const inviteChannel = h("select#invite-channel", { "aria-label": "Private channel" }, privateChannels.map(ch => h("option", { value: ch }, ch)));
  if (publicThread && privateChannels.includes(publicThread.channel)) inviteChannel.value = publicThread.channel;
  const transferTo = h("input#transfer-to", { placeholder: "agent id or queue:name", "aria-label": "Transfer to" });
  const resolved = c.status === "resolved" || c.status === "closed";
  return h("div.actions",
    h("button.primary#resolve", { type: "button", disabled: resolved, onclick: run("Resolved.", () => ctx.api.post(`${path}/status`, { status: "resolved", by: ctx.me })) },
      resolved ? "Resolved" : "Resolve"),
    h("div.inline",
      transferTo,
      h("button.ghost#transfer", { type: "button", onclick: run("Transferred.", () => {
        const to = transferTo.value.trim();
        if (!to) return Promise.reject(new Error("Say who or which queue to transfer to."));
        return ctx.api.post(`${path}/transfer`, to.startsWith("queue:") ? { toQueueId: to.slice(6), by: ctx.me } : { toAgentId: to, by: ctx.me });
      }) }, "Transfer")),
    publicThread ? h("div.inline",
      inviteChannel,
      h("button.ghost#invite", { type: "button", onclick: run("Invitation sent.", () => ctx.api.post(`${path}/invite-private`, {
        threadId: publicThread.threadId, agentId: ctx.me, channel: inviteChannel.value,
        text: "Thanks for reaching out! Could you send us a private message so we can look into your account?",
        clientMessageId: crypto.randomUUID(),
      })) }, "Invite to private")) : null);
}

async function render(ctx: ComposerContext, id: string, conversationId: string, threadId: number | null) {
  try {
    const q = new URLSearchParams({ conversationId, agentId: ctx.me });
    if (threadId) q.set("threadId", String(threadId));
    return (await ctx.api.get<{ text: string }>(`${ctx.base}/canned-responses/${id}/render?${q}`)).text;
  } catch {
    return null;
  }
}

const threadOf = (value: string) => (value.startsWith("thread:") ? Number(value.slice(7)) : null);
const last = (t: { messages: { platformTimestamp: string }[]; openedAt: string }) =>
  t.messages.length ? t.messages[t.messages.length - 1].platformTimestamp : t.openedAt;
const describe = (err: unknown) => (err instanceof ApiError ? `${err.message} (${err.status})` : (err as Error).message);
