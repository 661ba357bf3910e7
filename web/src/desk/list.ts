// The conversation list: mine, open, or everything, newest update first.
import { badge, h, replace } from "../shared/dom";
import { ago } from "../shared/format";
import { Summary } from "./model";

export type ListFilter = "mine" | "open" | "all";

export class ConversationList {
  filter: ListFilter = "mine";
  private items: Summary[] = [];
  selected: string | null = null;

  constructor(private readonly el: HTMLElement, private readonly me: string, private readonly onSelect: (id: string) => void) {}

  show(items: Summary[]) {
    this.items = items;
    this.render();
  }

  select(id: string | null) {
    this.selected = id;
    this.render();
  }

  render() {
    const visible = this.items.filter(c =>
      this.filter === "all" ? true : this.filter === "open" ? c.status === "open" || c.status === "pending" : c.assignee === this.me && c.status !== "closed");
    replace(this.el, visible.length ? visible.map(c => this.row(c)) : h("p.empty", this.filter === "mine" ? "Nothing assigned to you." : "No conversations."));
  }

  private row(c: Summary) {
    return h("button.conv-row", {
      type: "button", "data-conversation": c.id, class: c.id === this.selected ? "selected" : "",
      onclick: () => this.onSelect(c.id),
    },
    h("div.conv-row-head", c.channels.map(ch => badge(ch, `channel-${ch}`)), badge(c.status, `status-${c.status}`),
      c.priority !== "normal" ? badge(c.priority, `priority-${c.priority}`) : null, h("span.muted.right", ago(c.updatedAt))),
    h("div.conv-preview", c.lastMessagePreview ?? "(no messages)"),
    h("div.conv-meta.muted", `${c.messageCount} messages`, c.assignee ? ` · ${c.assignee}` : " · unassigned"));
  }
}
