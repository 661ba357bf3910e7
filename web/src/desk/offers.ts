// Incoming offers: one card each with a countdown to its expiry, accept and decline.
import { Api } from "../shared/api";
import { badge, h, replace } from "../shared/dom";
import { shortId } from "../shared/format";
import { Offer } from "./model";

export class OfferPanel {
  private offers: Offer[] = [];

  constructor(private readonly el: HTMLElement, private readonly api: Api, private readonly agentPath: string,
    private readonly onAccepted: (conversationId: string) => void, private readonly onError: (message: string) => void) {
    setInterval(() => this.tick(), 250);
  }

  show(offers: Offer[], available = this.available) {
    const ids = offers.map(o => o.offerId).join();
    if (ids === this.offers.map(o => o.offerId).join() && available === this.available && this.el.hasChildNodes()) return;
    this.available = available;
    this.offers = offers;
    replace(this.el, offers.length ? offers.map(o => this.card(o)) : h("p.empty", this.idleHint()));
    this.tick();
  }

  /** Whether the agent can receive work now, for the empty panel's hint. */
  available = false;

  private idleHint() {
    return this.available ? "No offers right now. New work appears here." : "No offers. Set yourself available to receive work.";
  }

  private card(offer: Offer) {
    const total = Math.max(1, Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt));
    return h("article.offer", { "data-offer": offer.offerId, "data-total": total, "data-expires": offer.expiresAt },
      h("div.offer-head",
        h("strong", `New ${offer.kind}`), badge(offer.priority, `priority-${offer.priority}`),
        h("span.countdown", { title: "Time left to accept" }, "")),
      h("div.offer-meta", `Queue ${offer.queueId} · conversation ${shortId(offer.conversationId)}`),
      h("div.meter", h("div.meter-fill")),
      h("div.offer-actions",
        h("button.primary", { type: "button", onclick: () => this.answer(offer, "accept") }, "Accept"),
        h("button.ghost", { type: "button", onclick: () => this.answer(offer, "decline") }, "Decline")));
  }

  private tick() {
    for (const card of this.el.querySelectorAll<HTMLElement>("article.offer")) {
      const left = Math.max(0, Date.parse(card.dataset.expires!) - Date.now());
      card.querySelector(".countdown")!.textContent = `${Math.ceil(left / 1000)}s`;
      (card.querySelector(".meter-fill") as HTMLElement).style.width = `${(100 * left) / Number(card.dataset.total)}%`;
      card.classList.toggle("urgent", left < 5000);
      card.classList.toggle("expired", left === 0);
    }
  }

  private async answer(offer: Offer, action: "accept" | "decline") {
    try {
      await this.api.post(`${this.agentPath}/offers/${offer.offerId}/${action}`, action === "decline" ? { reason: "declined at the desk" } : undefined);
      this.show(this.offers.filter(o => o.offerId !== offer.offerId));
      if (action === "accept") this.onAccepted(offer.conversationId);
    } catch (e) {
      this.onError(`Could not ${action} the offer: ${(e as Error).message}`);
      this.show(this.offers.filter(o => o.offerId !== offer.offerId));
    }
  }
}
