// The supervisor wall: queues (depth, longest wait), agents (presence, load), alerts and SLA breaches, live from the
// hub's supervisor and presence streams, or by polling the REST API when the hub is not there.
import { Api, tenantPath } from "../shared/api";
import { badge, byId, h, replace } from "../shared/dom";
import { clockTime, duration } from "../shared/format";
import { coalesce, Live, liveIndicator, poll, RealtimeEvent } from "../shared/live";
import { Session, loadSession, saveSession } from "../shared/session";
import { signInView } from "../shared/signin";

interface QueueStats { fetchedAt: number; queueId: string; depth: number; waiting: number; offered: number; longestWaitSeconds: number; agentsKnown: number; agentsReady: number; assigned: number }
interface Agent { agentId: string; displayName: string | null; presence: string; queues: string[]; capacity: Record<string, number>; assignments: { kind: string }[]; offers: unknown[] }
interface FeedEvent { sequence: number; at: string; kind: string; conversationId: string | null; text: string }
interface Alert { at: string; kind: string; text: string; conversationId?: string | null; fromFeed?: boolean }

const root = byId("app");
const existing = loadSession();
if (existing) wall(existing);
else signInView(root, "Sign in to the supervisor wall", wall);

function wall(me: Session) {
  document.body.className = "wall";
  const api = new Api(() => me.accessToken, () => { saveSession(null); location.reload(); });
  const base = tenantPath(me.tenant, "");
  const liveBadge = h("span.live#live");
  const live = new Live(() => me.accessToken, s => liveIndicator(liveBadge, s));
  liveIndicator(liveBadge, live.status);
  const queuesEl = h("div.tiles#queues");
  const agentsEl = h("div.agent-grid#agents");
  const alertsEl = h("ol.feed#alerts");
  const breachesEl = h("ol.feed#breaches");
  const errorEl = h("p.error");
  const summaryEl = h("div.summary#summary");
  replace(root,
    h("header.topbar", h("div.brand", h("strong", "Engine"), h("span.muted", "Supervisor wall")), liveBadge, h("span.grow"),
      h("span.me", me.displayName ?? me.userId, h("span.muted", ` · ${me.tenant}`)), h("a.ghost", { href: "/app/" }, "Desk"),
      h("button.ghost", { type: "button", onclick: () => { saveSession(null); location.reload(); } }, "Sign out")),
    errorEl, summaryEl,
    h("div.wall-grid",
      h("section.panel", h("h3.panel-title", "Queues"), queuesEl),
      h("section.panel", h("h3.panel-title", "Agents"), agentsEl),
      h("section.panel", h("h3.panel-title", "Alerts"), alertsEl),
      h("section.panel", h("h3.panel-title", "SLA breaches"), breachesEl)));

  const queues = new Map<string, QueueStats>();
  const agents = new Map<string, Agent>();
  const agentIds = new Set<string>();
  const alerts: Alert[] = [];
  const breaches: Alert[] = [];
  let feedAfter = 0;

  // Waits keep growing between updates while someone is waiting.
  const waitOf = (q: QueueStats) => q.longestWaitSeconds + (q.waiting > 0 ? (Date.now() - q.fetchedAt) / 1000 : 0);
  setInterval(() => { renderQueues(); renderSummary(); }, 1000);
  const renderSummary = () => {
    const waiting = [...queues.values()].reduce((n, q) => n + q.waiting, 0);
    const longest = Math.max(0, ...[...queues.values()].map(waitOf));
    const available = [...agents.values()].filter(a => a.presence === "available").length;
    replace(summaryEl,
      figure("Waiting", String(waiting), "waiting"),
      figure("Longest wait", duration(longest), "longest", longest > 300),
      figure("Agents available", `${available}/${agents.size}`, "available"),
      figure("SLA breaches", String(breaches.length), "breaches", breaches.length > 0));
  };
  const renderQueues = () => replace(queuesEl, queues.size ? [...queues.values()].map(q =>
    h("article.tile", { "data-queue": q.queueId, "data-alarm": waitOf(q) > 300 ? "true" : "false" },
      h("div.tile-head", h("strong", q.queueId), badge(`${q.agentsReady}/${q.agentsKnown} ready`, q.agentsReady ? "ok" : "warning")),
      h("div.tile-figures",
        figure("Depth", String(q.depth ?? q.waiting + q.offered), "depth"),
        figure("Longest wait", duration(waitOf(q)), "wait"),
        figure("Offered", String(q.offered ?? 0), "offered")))) : h("p.empty", "No queues."));

  const renderAgents = () => replace(agentsEl, agents.size ? [...agents.values()].sort((a, b) => a.agentId.localeCompare(b.agentId)).map(a => {
    const capacity = Object.values(a.capacity).reduce((x, y) => x + y, 0);
    const load = a.assignments.length;
    return h("article.agent-card", { "data-agent": a.agentId, "data-presence": a.presence },
      h("div.tile-head", h("span.dot", { "data-presence": a.presence }), h("strong", a.displayName ?? a.agentId), badge(a.presence, `presence-${a.presence}`)),
      h("div.load", h("div.meter", h("div.meter-fill", { style: `width:${capacity ? Math.min(100, (100 * load) / capacity) : 0}%` })),
        h("span.muted", `${load}/${capacity} assigned${a.offers.length ? ` · ${a.offers.length} offered` : ""}`)));
  }) : h("p.empty", "No agents seen yet."));

  const renderFeed = (el: HTMLElement, items: Alert[], empty: string) => replace(el, items.length ? items.slice(0, 50).map(a =>
    h("li", { "data-kind": a.kind }, h("span.muted", clockTime(a.at)), badge(a.kind === "sla.breach" ? "breach" : a.kind, a.kind), h("span", a.text))) : h("li.empty", empty));

  const seen = new Set<string>();
  function addAlert(a: Alert, key: string) {
    // The same feed entry comes by REST and by the hub (feedSequence): show it once.
    if (seen.has(key)) return;
    seen.add(key);
    // Alerts list everything the supervisor feed says; breaches come as sla.breach events from the hub, or, without
    // the hub, from the feed's SLA entries that report one.
    if (a.kind === "sla.breach") {
      // The hub replays a conversation's breaches from the start of its stream, so it replaces what the feed stood in for
      // while the hub was not live (the same breach would count twice otherwise).
      for (let i = breaches.length - 1; i >= 0; i--)
        if (breaches[i].fromFeed && breaches[i].conversationId === a.conversationId) breaches.splice(i, 1);
      breaches.unshift(a);
    } else if (live.status !== "live" && a.kind === "sla" && /breach/i.test(a.text)
      // The hub may have replayed it already: it reports "live" only once every followed stream has caught up.
      && !breaches.some(b => !b.fromFeed && b.conversationId === a.conversationId)) breaches.unshift({ ...a, fromFeed: true });
    if (a.kind !== "sla.breach") alerts.unshift(a);
    renderFeed(alertsEl, alerts, "No alerts.");
    renderFeed(breachesEl, breaches, "No SLA breaches.");
    renderSummary();
  }

  async function refreshQueues() {
    // Defined queues, the tenant's default queue (which works without a definition) and the queues agents serve.
    const ids = new Set((await api.get<{ queueId: string }[]>(`${base}/queues`)).map(q => q.queueId));
    try {
      ids.add((await api.get<{ defaultQueue: string }>(`${base}/routing/settings`)).defaultQueue);
    } catch {
      /* settings are for supervisors; the other sources still name queues */
    }
    agents.forEach(a => a.queues.forEach(q => ids.add(q)));
    const stats = await Promise.all([...ids].map(id => api.get<QueueStats>(`${base}/queues/${encodeURIComponent(id)}/stats`)));
    for (const s of stats) queues.set(s.queueId, { ...s, fetchedAt: Date.now() });
    renderQueues();
    renderSummary();
  }

  async function refreshAgents() {
    try {
      const users = await api.get<{ userId: string; roles: string[] }[]>(`${base}/users`);
      users.filter(u => u.roles.some(r => r === "agent")).forEach(u => agentIds.add(u.userId));
    } catch {
      /* only admins list people; others learn agents from presence events and assignments */
    }
    try {
      const page = await api.get<{ items: { assignee?: string | null }[] }>(`${base}/conversations?limit=100`);
      page.items.forEach(c => c.assignee && agentIds.add(c.assignee));
    } catch {
      /* not fatal */
    }
    agentIds.add(me.userId);
    await Promise.all([...agentIds].map(refreshAgent));
    renderAgents();
    renderSummary();
  }

  async function refreshAgent(id: string) {
    try {
      agents.set(id, await api.get<Agent>(`${base}/agents/${encodeURIComponent(id)}`));
    } catch {
      agentIds.delete(id);
    }
  }

  async function refreshFeed() {
    const page = await api.get<{ events: FeedEvent[] }>(`${base}/supervisor/feed?after=${feedAfter}`);
    for (const e of page.events) {
      feedAfter = Math.max(feedAfter, e.sequence);
      addAlert({ at: e.at, kind: e.kind, text: e.text, conversationId: e.conversationId }, `feed:${e.sequence}`);
    }
  }

  // Events say what to re-read; a burst (the replay after subscribing) costs one read of each.
  const refreshQueuesSoon = coalesce(refreshQueues, 200);
  const changedAgents = new Set<string>();
  const agentsSoon = coalesce(async () => {
    const ids = [...changedAgents];
    changedAgents.clear();
    await Promise.all(ids.map(refreshAgent));
    renderAgents();
    renderSummary();
  }, 200);
  const agentSoon = (id: string) => {
    agentIds.add(id);
    changedAgents.add(id);
    agentsSoon();
  };

  function onSupervisor(e: RealtimeEvent) {
    const d = e.data as Record<string, unknown>;
    if (e.type === "queue.stats") {
      // One event per queue partition: REST answers the whole queue's figures.
      refreshQueuesSoon();
    } else if (e.type === "agent.load") {
      agentSoon(String(d.agentId));
    } else if (e.type === "alert") {
      const feedSequence = Number(d.feedSequence ?? 0);
      feedAfter = Math.max(feedAfter, feedSequence);
      addAlert({ at: e.at, kind: String(d.kind ?? "alert"), text: String(d.text ?? ""), conversationId: e.conversationId }, feedSequence ? `feed:${feedSequence}` : `hub:${e.sequence}`);
    } else if (e.type === "sla.breach") {
      const target = String(d.target ?? "target").replace(/([A-Z])/g, " $1").toLowerCase();
      const text = `${target} missed by ${duration(Number(d.missedBySeconds ?? 0))} (policy ${String(d.policy ?? "?")})`;
      addAlert({ at: e.at, kind: "sla.breach", text, conversationId: e.conversationId }, `hub:${e.sequence}`);
    } else refreshQueuesSoon();
  }

  const refreshAll = async () => {
    try {
      await refreshAgents();
      await Promise.all([refreshQueues(), refreshFeed()]);
      errorEl.textContent = "";
    } catch (err) {
      errorEl.textContent = (err as Error).message;
    }
  };
  live.subscribe("supervisor", 0, onSupervisor, refreshAll);
  live.subscribe("presence", 0, e => {
    agentSoon(String((e.data as Record<string, unknown>).agentId));
  }, refreshAll);
  live.start();
  renderFeed(alertsEl, alerts, "No alerts.");
  renderFeed(breachesEl, breaches, "No SLA breaches.");
  refreshAll();
  poll(live, refreshAll);
}

function figure(label: string, value: string, kind: string, alarm = false) {
  return h("div.figure", { "data-figure": kind, "data-alarm": String(alarm) }, h("span.figure-value", value), h("span.figure-label", label));
}
