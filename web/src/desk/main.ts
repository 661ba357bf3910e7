// The agent desk: sign-in, presence, offers, the conversation list and the open conversation, kept current
// by the real-time hub (agent and conversation streams) or, without it, by polling the REST API.
import { Api, tenantPath } from "../shared/api";
import { byId, h, replace } from "../shared/dom";
import { coalesce, Live, liveIndicator, poll } from "../shared/live";
import { duration } from "../shared/format";
import { Session, loadSession, saveSession } from "../shared/session";
import { signInView } from "../shared/signin";
import { actions, composer, ComposerContext } from "./composer";
import { conversationHeader, lanes } from "./conversation";
import { ConversationList, ListFilter } from "./list";
import { Agent, Canned, Conversation, presences, Summary } from "./model";
import { OfferPanel } from "./offers";

const root = byId("app");
const session = loadSession();
if (session) desk(session);
else signInView(root, "Sign in to the agent desk", desk);

function desk(me: Session) {
  document.body.className = "desk";
  const signOut = () => {
    saveSession(null);
    location.reload();
  };
  // A 401 means the token expired or was revoked: back to the sign-in.
  const api = new Api(() => me.accessToken, signOut);
  const base = tenantPath(me.tenant, "");
  const agentPath = `${base}/agents/${encodeURIComponent(me.userId)}`;
  const worksDesk = me.roles.some(r => r === "agent" || r === "supervisor" || r === "admin");

  const liveBadge = h("span.live#live");
  const live = new Live(() => me.accessToken, s => liveIndicator(liveBadge, s));
  liveIndicator(liveBadge, live.status);
  const presence = h("select#presence", { "aria-label": "Presence", disabled: !worksDesk }, presences.map(p => h("option", { value: p }, p)));
  const toast = h("div.toast#toast", { role: "status" });
  const offersEl = h("div.offers#offers");
  const listEl = h("div.conv-list#conversations");
  const main = h("section.conversation#conversation", h("div.placeholder", h("h2", "No conversation open"), h("p.muted", "Accept an offer or pick a conversation from the list.")));
  const tabs = h("div.tabs", (["mine", "open", "all"] as ListFilter[]).map(f =>
    h("button.tab", { type: "button", "data-filter": f, onclick: () => { list.filter = f; syncTabs(); list.render(); } }, f)));
  const syncTabs = () => tabs.querySelectorAll<HTMLElement>(".tab").forEach(t => t.classList.toggle("active", t.dataset.filter === list.filter));

  replace(root,
    h("header.topbar",
      h("div.brand", h("strong", "Engine"), h("span.muted", "Agent desk")), liveBadge, h("span.grow"),
      h("label.presence", h("span.dot", { "data-presence": "offline" }), presence),
      h("span.me", me.displayName ?? me.userId, h("span.muted", ` · ${me.tenant}`)),
      me.roles.some(r => r === "supervisor" || r === "admin") ? h("a.ghost", { href: "/wall/" }, "Wall") : null,
      h("button.ghost", { type: "button", onclick: () => signOut() }, "Sign out")),
    h("div.desk-grid",
      h("aside.sidebar",
        h("section.panel", h("h3.panel-title", "Offers"), offersEl),
        h("section.panel.grow", h("h3.panel-title", "Conversations", tabs), listEl)),
      main),
    toast);

  const notify = (text: string, error = false) => {
    toast.textContent = text;
    toast.dataset.kind = error ? "error" : "ok";
    toast.classList.add("show");
    setTimeout(() => toast.classList.remove("show"), 3500);
  };
  const offers = new OfferPanel(offersEl, api, agentPath, id => { list.filter = "mine"; syncTabs(); open(id); refreshList(); }, m => notify(m, true));
  const list = new ConversationList(listEl, me.userId, id => open(id));
  syncTabs();

  let canned: Canned[] | null = null;
  let current: string | null = null;
  let currentVersion = -1;

  presence.addEventListener("change", async () => {
    try {
      const agent = await api.put<Agent>(`${agentPath}/presence`, { presence: presence.value });
      showAgent(agent);
      notify(`You are ${agent.presence}.`);
    } catch (err) {
      notify(`Presence: ${(err as Error).message}`, true);
    }
  });

  function showAgent(agent: Agent) {
    if (document.activeElement !== presence) presence.value = agent.presence;
    root.querySelector<HTMLElement>(".presence .dot")!.dataset.presence = agent.presence;
    offers.show(agent.offers, agent.presence === "available");
  }

  async function refreshAgent() {
    if (!worksDesk) return;
    try {
      showAgent(await api.get<Agent>(agentPath));
    } catch {
      replace(offersEl, h("p.empty", "You are not registered as an agent in this tenant."));
    }
  }

  async function refreshList() {
    const page = await api.get<{ items: Summary[] }>(`${base}/conversations?limit=100`);
    list.show(page.items);
  }

  async function refreshConversation(force = false) {
    if (!current) return;
    const c = await api.get<Conversation>(`${base}/conversations/${current}`);
    if (!force && c.version === currentVersion) return;
    currentVersion = c.version;
    showConversation(c);
  }

  function showConversation(c: Conversation) {
    const ctx: ComposerContext = {
      api, base, me: me.userId, canned,
      onDone: m => { notify(m); refreshConversation(true); refreshList(); },
      onError: m => notify(m, true),
      onTyping: typing => live.typing(c.id, typing),
    };
    // Keep what the agent is typing across a refresh.
    const draft = main.querySelector<HTMLTextAreaElement>("#reply-text")?.value ?? "";
    const target = main.querySelector<HTMLSelectElement>("#reply-target")?.value;
    const hadFocus = document.activeElement?.id === "reply-text";
    replace(main, conversationHeader(c), lanes(c), h("div.typing#typing"), composer(c, ctx), actions(c, ctx));
    const text = main.querySelector<HTMLTextAreaElement>("#reply-text")!;
    text.value = draft;
    const select = main.querySelector<HTMLSelectElement>("#reply-target")!;
    if (target && [...select.options].some(o => o.value === target)) select.value = target;
    select.dispatchEvent(new Event("change"));
    if (hadFocus) text.focus();
    main.querySelectorAll(".lane-body").forEach(b => (b.scrollTop = b.scrollHeight));
  }

  // The customer's wait grows between updates: tick it every second.
  setInterval(() => {
    const fact = main.querySelector<HTMLElement>(".fact[data-kind=waiting] .fact-value");
    const since = main.querySelector<HTMLElement>(".conv-header")?.dataset.waitingSince;
    if (fact && since) fact.textContent = duration((Date.now() - Date.parse(since)) / 1000);
  }, 1000);

  async function open(id: string) {
    if (current && current !== id) live.unsubscribe(`conversation:${current}`);
    current = id;
    currentVersion = -1;
    main.dataset.conversation = id;
    list.select(id);
    live.subscribe(`conversation:${id}`, 0, e => {
      if (e.type === "typing") return showTyping(e.data);
      conversationSoon();
    }, () => refreshConversation(true));
    try {
      await refreshConversation(true);
    } catch (err) {
      notify(`Could not open the conversation: ${(err as Error).message}`, true);
    }
  }

  let typingTimer = 0;
  function showTyping(data: Record<string, unknown>) {
    const el = main.querySelector<HTMLElement>("#typing");
    if (!el || data.who === me.userId) return;
    const who = data.who === "customer" ? "The customer" : String(data.name ?? data.who ?? "Someone");
    el.textContent = data.typing ? `${who} is typing…` : "";
    clearTimeout(typingTimer);
    typingTimer = window.setTimeout(() => (el.textContent = ""), 6000);
  }

  async function detectCanned() {
    try {
      canned = (await api.get<{ items: Canned[] }>(`${base}/canned-responses?limit=100`)).items;
    } catch {
      canned = null; // no canned responses here (404) or not allowed: the picker stays hidden
    }
  }

  // Events say what to re-read; a burst (the replay after subscribing) costs one read of each.
  const agentSoon = coalesce(refreshAgent);
  const listSoon = coalesce(refreshList);
  const conversationSoon = coalesce(() => refreshConversation());
  live.subscribe(`agent:${me.userId}`, 0, e => {
    if (e.type.startsWith("offer.") || e.type === "conversation.assigned") agentSoon();
    if (e.type !== "offer.created") listSoon();
    if (e.conversationId && e.conversationId === current) conversationSoon();
  }, () => { agentSoon(); listSoon(); });
  live.start();
  detectCanned().then(() => refreshConversation(true));
  refreshAgent();
  refreshList().catch(err => notify((err as Error).message, true));
  poll(live, async () => { await Promise.all([refreshAgent(), refreshList(), refreshConversation()]); });
}
