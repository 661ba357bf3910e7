// The real-time hub client (/hubs/events): numbered streams, resumed after reconnects from the last number seen.
// When the hub cannot be reached the page is told so and falls back to polling the REST API.
import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { CursorStep, StreamCursor } from "./stream-cursor";

export interface RealtimeEvent {
  stream: string;
  sequence: number;
  type: string;
  at: string;
  conversationId?: string;
  data: Record<string, unknown>;
}

interface SubscribeResult {
  stream: string;
  events: RealtimeEvent[];
  latest: number;
  gap?: boolean;
}

export type LiveStatus = "connecting" | "live" | "polling";

interface Subscription {
  cursor: StreamCursor<RealtimeEvent>;
  onEvent: (e: RealtimeEvent) => void;
  onGap: () => void;
}

export class Live {
  private readonly connection: HubConnection;
  private readonly subscriptions = new Map<string, Subscription>();
  private statusValue: LiveStatus = "connecting";

  constructor(token: () => string | null, private readonly onStatus: (status: LiveStatus) => void) {
    this.connection = new HubConnectionBuilder()
      .withUrl("/hubs/events", { accessTokenFactory: () => token() ?? "" })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000])
      .configureLogging(LogLevel.None)
      .build();
    this.connection.on("event", (e: RealtimeEvent) => this.deliver(e));
    this.connection.onreconnecting(() => this.setStatus("polling"));
    this.connection.onreconnected(() => this.resubscribeAll());
    this.connection.onclose(() => {
      this.setStatus("polling");
      setTimeout(() => this.start(), 10000);
    });
  }

  get status() {
    return this.statusValue;
  }

  async start() {
    if (this.connection.state !== HubConnectionState.Disconnected) return;
    try {
      await this.connection.start();
      await this.resubscribeAll();
    } catch {
      // No hub (not deployed yet, or refused): poll, and try again later.
      this.setStatus("polling");
      setTimeout(() => this.start(), 15000);
    }
  }

  /** Follows a stream from `after`; events arrive once each, in order. `onGap` asks the page to reload by REST. */
  async subscribe(stream: string, after: number, onEvent: (e: RealtimeEvent) => void, onGap: () => void) {
    this.subscriptions.set(stream, { cursor: new StreamCursor<RealtimeEvent>(after), onEvent, onGap });
    if (this.connection.state === HubConnectionState.Connected) await this.catchUp(stream).catch(() => {});
  }

  async unsubscribe(stream: string) {
    this.subscriptions.delete(stream);
    if (this.connection.state === HubConnectionState.Connected) {
      try {
        await this.connection.invoke("Unsubscribe", stream);
      } catch {
        /* the connection is going away anyway */
      }
    }
  }

  typing(conversationId: string, typing: boolean) {
    if (this.connection.state === HubConnectionState.Connected) this.connection.invoke("Typing", conversationId, typing).catch(() => {});
  }

  private async resubscribeAll() {
    if (this.connection.state !== HubConnectionState.Connected) return;
    for (const stream of [...this.subscriptions.keys()]) {
      try {
        await this.catchUp(stream);
      } catch {
        // Refused (role, not yours) or failed: that stream stays on polling; the others are live.
      }
    }
    this.setStatus("live");
  }

  /** Asks the hub for what came after the last event shown; rejects when the call fails (after telling the page). */
  private async catchUp(stream: string) {
    const sub = this.subscriptions.get(stream);
    if (!sub || !sub.cursor.beginCatchUp()) return;
    let result: SubscribeResult | null = null;
    try {
      result = await this.connection.invoke<SubscribeResult>("Subscribe", stream, sub.cursor.last);
    } finally {
      this.apply(stream, sub, sub.cursor.endCatchUp(result));
    }
  }

  private deliver(e: RealtimeEvent) {
    const sub = this.subscriptions.get(e.stream);
    if (sub) this.apply(e.stream, sub, sub.cursor.live(e));
  }

  private apply(stream: string, sub: Subscription, step: CursorStep<RealtimeEvent>) {
    if (this.subscriptions.get(stream) !== sub) return; // unsubscribed (or subscribed anew) meanwhile
    if (step.reload) sub.onGap();
    for (const e of step.show) sub.onEvent(e);
    // Missed some: fetch them (they come back in order, with the events held meanwhile).
    if (step.catchUp) this.catchUp(stream).catch(() => {});
  }

  private setStatus(status: LiveStatus) {
    if (status === this.statusValue) return;
    this.statusValue = status;
    this.onStatus(status);
  }
}

/** Runs `refresh` every 2 s while the hub is not live, and every 30 s as a safety net while it is. */
export function poll(live: Live, refresh: () => Promise<void>) {
  let lastRun = 0;
  const tick = async () => {
    const every = live.status === "live" ? 30000 : 2000;
    if (Date.now() - lastRun >= every) {
      lastRun = Date.now();
      try {
        await refresh();
      } catch {
        /* shown by the page; try again next tick */
      }
    }
    setTimeout(tick, 500);
  };
  setTimeout(tick, 500);
}

export function liveIndicator(el: HTMLElement, status: LiveStatus) {
  el.dataset.status = status;
  el.textContent = status === "live" ? "Live" : status === "polling" ? "Polling" : "Connecting";
  el.title = status === "live" ? "Updates arrive over the real-time hub" : "Real-time hub unavailable: refreshing every 2 s";
}

/** Coalesces bursts (a replay of many events) into one call `wait` ms after the last request. */
export function coalesce(run: () => Promise<unknown> | void, wait = 150): () => void {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      Promise.resolve(run()).catch(() => {});
    }, wait);
  };
}
