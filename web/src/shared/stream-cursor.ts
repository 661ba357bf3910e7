// Where a page is in one numbered stream of the hub: which events to show, in order and once each, and when to ask
// the hub for what it missed. Pure, so the browser tests can drive it directly (built alone as assets/stream-cursor.js).

export interface NumberedEvent {
  sequence: number;
}

/** What the hub's Subscribe answers: the events after the number asked for, the stream's last stored number, and
 * whether the stream no longer keeps what came right after that number (the page must reload by REST). */
export interface CatchUpAnswer<E extends NumberedEvent> {
  events: E[];
  latest: number;
  gap?: boolean;
}

/** What the page does now: show these events (in order), reload by REST, ask the hub to catch up. */
export interface CursorStep<E extends NumberedEvent> {
  show: E[];
  reload: boolean;
  catchUp: boolean;
}

export class StreamCursor<E extends NumberedEvent> {
  /** The last number shown (0: none yet; a catch-up from 0 gives everything the stream keeps). */
  last: number;
  private catchingUp = false;
  /** Live events that came while a catch-up was out: its answer may or may not hold them. */
  private held: E[] = [];

  constructor(after: number) {
    this.last = after;
  }

  /** A live event from the hub. Live deliveries may come out of order (Orleans does not keep a grain's calls to an
   * observer in order), so one past a hole is not shown: the hole is fetched first, and the event comes with it. */
  live(e: E): CursorStep<E> {
    if (this.catchingUp) {
      this.held.push(e);
      return { show: [], reload: false, catchUp: false };
    }
    if (e.sequence <= this.last) return { show: [], reload: false, catchUp: false };
    if (e.sequence > this.last + 1) {
      this.held.push(e);
      return { show: [], reload: false, catchUp: true };
    }
    this.last = e.sequence;
    return { show: [e], reload: false, catchUp: false };
  }

  /** Starts a catch-up from {@link last}; false when one is already out (its answer will cover this need too). */
  beginCatchUp(): boolean {
    if (this.catchingUp) return false;
    this.catchingUp = true;
    return true;
  }

  /** The hub's answer (null: the call failed). Events held meanwhile are shown after it when they follow on; one that
   * still leaves a hole asks for another catch-up. */
  endCatchUp(answer: CatchUpAnswer<E> | null): CursorStep<E> {
    this.catchingUp = false;
    const step: CursorStep<E> = { show: [], reload: false, catchUp: false };
    if (answer === null) {
      // Nothing known of what was missed: the page reloads, and the held events are kept for the next catch-up.
      step.reload = this.held.some(e => e.sequence > this.last);
      return step;
    }
    if (answer.gap) {
      this.last = answer.latest;
      step.reload = true;
    }
    for (const e of answer.events) this.follow(e, step);
    if (answer.latest > this.last && answer.events.length === 0) this.last = answer.latest;
    const held = this.held.sort((a, b) => a.sequence - b.sequence);
    this.held = [];
    for (const e of held) {
      if (e.sequence <= this.last) continue;
      if (e.sequence === this.last + 1) this.follow(e, step);
      else {
        this.held.push(e);
        step.catchUp = true;
      }
    }
    return step;
  }

  private follow(e: E, step: CursorStep<E>) {
    if (e.sequence <= this.last) return;
    this.last = e.sequence;
    step.show.push(e);
  }
}
