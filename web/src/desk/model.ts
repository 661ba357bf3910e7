// The shapes the Gateway's REST API answers with (camelCase JSON), as far as the desk reads them.

export interface Author { kind: string; identity: string; displayName?: string | null }
export interface Message {
  platformMessageId: string; author: Author; direction: "inbound" | "outbound"; text: string;
  platformTimestamp: string; receivedAt: string; sequence: number;
}
export interface Clock {
  firstResponse: string | null; waitingSince: string | null; currentWait: string; totalBrandWait: string;
  customerMessages: number; answeredCustomerMessages: number;
}
export interface Thread {
  threadId: number; channel: string; visibility: "public" | "private"; threadKey: string; openedAt: string;
  messages: Message[]; clock: Clock; replyWindow?: { open: boolean; until: string | null; rule: string } | null; handedOff: boolean;
}
export interface Note { noteId: string; authorId: string; text: string; createdAt: string }
export interface SlaTarget { target: string; goal: string; counted: string; state: string; warningAt: string | null; breachAt: string | null }
export interface Conversation {
  id: string; tenant: string; status: string; priority: string; assignee: string | null; createdAt: string; updatedAt: string;
  threads: Thread[]; notes: Note[]; clock: Clock; version: number; queueId?: string | null; tier: number;
  sla?: { policy: string; targets: SlaTarget[] } | null; labels?: string[] | null;
  risk?: Risk | null; listening?: boolean; drafts?: { draftId: string; status: string; text: string; comment?: string | null }[] | null;
}
export interface Risk { score: number; priority: string; reasons: { factor: string; points: number; text: string }[] }
export interface Summary {
  id: string; status: string; priority: string; channels: string[]; messageCount: number; updatedAt: string;
  lastMessagePreview: string | null; assignee?: string | null;
}
export interface Offer { offerId: string; conversationId: string; queueId: string; kind: string; priority: string; offeredAt: string; expiresAt: string }
export interface Agent {
  agentId: string; displayName: string | null; presence: string; presenceSince: string; capacity: Record<string, number>;
  queues: string[]; assignments: { conversationId: string; queueId: string | null; kind: string; since: string }[]; offers: Offer[];
}
export interface Canned { id: string; shortcut: string; title: string; text: string }

export const presences = ["available", "away", "busy", "offline"] as const;
