-- The engine's own tables for conversations: an append-only event log (one row per event, numbered per
-- conversation so that two writers of one conversation cannot both append), snapshots of the folded state so
-- activation reads only the tail, and one summary row per conversation for lists, written with the events.
CREATE TABLE IF NOT EXISTS engine_conversation_events
(
    conversation_id uuid NOT NULL,
    seq bigint NOT NULL,
    event_type text NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload bytea NOT NULL,

    CONSTRAINT engine_conversation_events_pk PRIMARY KEY (conversation_id, seq)
);

CREATE TABLE IF NOT EXISTS engine_conversation_snapshots
(
    conversation_id uuid NOT NULL,
    version bigint NOT NULL,
    payload bytea NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT engine_conversation_snapshots_pk PRIMARY KEY (conversation_id)
);

CREATE TABLE IF NOT EXISTS engine_conversations
(
    id uuid NOT NULL,
    tenant text NOT NULL,
    customer_id uuid NULL,
    status integer NOT NULL,
    priority integer NOT NULL,
    channels text NOT NULL,
    message_count integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    last_preview text NULL,

    CONSTRAINT engine_conversations_pk PRIMARY KEY (id)
);

-- Lists page by (updated_at, id) newest first within a tenant.
CREATE INDEX IF NOT EXISTS engine_conversations_by_update ON engine_conversations (tenant, updated_at DESC, id DESC);

-- Snapshots are compact binary already: compressing them saves little space and costs a decompression on every
-- activation, which is the one thing snapshots are for.
ALTER TABLE engine_conversation_snapshots ALTER COLUMN payload SET STORAGE EXTERNAL;
