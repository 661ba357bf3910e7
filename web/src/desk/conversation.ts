// One conversation: header with status, priority, clocks and SLA; its threads side by side in lanes
// (public, private, internal notes).
import { badge, h } from "../shared/dom";
import { clockTime, duration, shortId, timeSpanSeconds } from "../shared/format";
import { Conversation, Message, Note, Risk, SlaTarget, Thread } from "./model";

export function conversationHeader(c: Conversation) {
  const waiting = c.clock.waitingSince ? (Date.now() - Date.parse(c.clock.waitingSince)) / 1000 : null;
  return h("header.conv-header", { "data-waiting-since": c.clock.waitingSince ?? undefined },
    h("div.conv-title",
      h("h2", `Conversation ${shortId(c.id)}`),
      badge(c.status, `status-${c.status}`), badge(c.priority, `priority-${c.priority}`),
      c.queueId ? badge(`queue ${c.queueId}`, "neutral") : null,
      c.tier > 1 ? badge(`tier ${c.tier}`, "warning") : null,
      c.listening ? badge("listening", "neutral") : null,
      pendingDrafts(c) ? badge(`${pendingDrafts(c)} awaiting approval`, "warning") : null,
      (c.labels ?? []).map(l => badge(l, "neutral"))),
    h("div.conv-facts",
      fact("Assignee", c.assignee ?? "unassigned"),
      fact("Customer waiting", waiting === null ? "not waiting" : duration(waiting), waiting !== null ? "waiting" : undefined),
      fact("First response", duration(timeSpanSeconds(c.clock.firstResponse))),
      fact("Total brand wait", duration(timeSpanSeconds(c.clock.totalBrandWait))),
      fact("Answered", `${c.clock.answeredCustomerMessages}/${c.clock.customerMessages}`)),
    c.sla ? h("div.sla-row", h("span.muted", `SLA ${c.sla.policy}`), c.sla.targets.map(slaBadge)) : null,
    c.risk ? riskRow(c.risk) : null);
}

// Why the engine thinks this case is risky, in the scorer's own words ("negative -0.8; author 120k followers; 'lawyer'").
function riskRow(r: Risk) {
  return h("div.risk-row", { "data-priority": r.priority },
    h("span.muted", "Risk"), badge(String(Math.round(r.score)), `priority-${r.priority}`),
    h("span.risk-reasons", r.reasons.map(x => x.text).join("; ") || "no risk signals"));
}

function pendingDrafts(c: Conversation) {
  return (c.drafts ?? []).filter(d => d.status === "pending").length;
}

function fact(label: string, value: string, kind?: string) {
  return h("div.fact", { "data-kind": kind }, h("span.fact-label", label), h("span.fact-value", value));
}

function slaBadge(t: SlaTarget) {
  const counted = timeSpanSeconds(t.counted) ?? 0;
  const goal = timeSpanSeconds(t.goal) ?? 0;
  const name = t.target.replace(/([A-Z])/g, " $1").toLowerCase();
  return h("span.sla", { "data-state": t.state.toLowerCase(), title: t.breachAt ? `Breach at ${clockTime(t.breachAt)}` : "" },
    h("strong", name), ` ${t.state} · ${duration(counted)} / ${duration(goal)}`);
}

export function lanes(c: Conversation) {
  const pub = c.threads.filter(t => t.visibility === "public");
  const priv = c.threads.filter(t => t.visibility === "private");
  return h("div.lanes",
    lane("Public", "public", pub.map(threadCard), "No public thread."),
    lane("Private", "private", priv.map(threadCard), "No private thread."),
    lane("Internal notes", "notes", c.notes.map(noteCard), "No notes. Notes are never shown to the customer."));
}

function lane(title: string, kind: string, content: HTMLElement[], empty: string) {
  return h("section.lane", { "data-lane": kind },
    h("h3.lane-title", title, h("span.count", String(content.length))),
    h("div.lane-body", content.length ? content : h("p.empty", empty)));
}

function threadCard(t: Thread) {
  return h("article.thread", { "data-thread": t.threadId },
    h("div.thread-head", badge(t.channel, `channel-${t.channel}`), h("span", `#${t.threadId}`),
      t.handedOff ? badge("handed off", "neutral") : null,
      t.replyWindow ? badge(t.replyWindow.open ? "reply window open" : "reply window closed", t.replyWindow.open ? "ok" : "warning") : null),
    h("div.messages", t.messages.map(messageBubble)));
}

function messageBubble(m: Message) {
  const who = m.author.displayName || (m.author.kind === "customer" ? "Customer" : m.author.identity);
  return h("div.message", { "data-direction": m.direction, "data-author": m.author.kind, "data-message": m.platformMessageId },
    h("div.message-meta", h("strong", who), h("span.muted", clockTime(m.platformTimestamp))),
    h("div.message-text", m.text));
}

function noteCard(n: Note) {
  return h("article.note", h("div.message-meta", h("strong", n.authorId), h("span.muted", clockTime(n.createdAt))), h("div.message-text", n.text));
}
