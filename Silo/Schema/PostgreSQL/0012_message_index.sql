-- The message index: which thread and conversation hold a platform message, for adapters that only name the message
-- a post answers (X Account Activity's in_reply_to). One row per (tenant, channel, message id), written by the
-- conversation append that stores the message, in its transaction; the first append to index an id keeps it. It
-- replaces a grain per message in Orleans grain storage (its own activation and state write per message), which the
-- engine now only reads on a miss, for threads recorded before this script.
CREATE TABLE IF NOT EXISTS engine_message_index
(
    tenant text NOT NULL,
    channel text NOT NULL,
    message_id text NOT NULL,
    thread_key text NOT NULL,
    conversation_id uuid NOT NULL,

    CONSTRAINT engine_message_index_pk PRIMARY KEY (tenant, channel, message_id)
);

-- engine_append_conversations (script 0009) with the appends' index rows: row k indexes message m_id[k] of channel
-- m_channel[k] under thread m_thread[k] for append m_append[k] (1-based), under that append's tenant and conversation.
-- The signature changes, so the old function goes (a call of it would store messages the index never hears of).
DROP FUNCTION IF EXISTS engine_append_conversations(uuid[], bigint[], integer[], text[], uuid[], integer[], integer[], text[],
    integer[], timestamptz[], timestamptz[], text[], text[], double precision[], boolean[], integer[], text[], timestamptz[], bytea[]);

-- Group commit: the appends of many conversations written in one call, so one round trip and one transaction (one
-- WAL flush) carries them all. Append i extends conversation a_id[i] from version a_expected[i] by a_count[i]
-- events; event j belongs to append e_append[j] (1-based) and gets seq a_expected + its position in that append.
-- Each append stands or falls alone: one whose rows meet an existing (conversation_id, seq) leaves nothing behind
-- (no events, no list row, no index rows), and its index is returned, while the others are stored with their list
-- rows and index rows. An index row whose key is taken (by an earlier append, or earlier in this call) is skipped:
-- the first writer wins. Any other error fails the whole call.
--
-- No subtransactions (a BEGIN ... EXCEPTION block per append would give each its own XID, and more than 64 per
-- transaction overflow every backend's snapshot cache). Instead the events go in with ON CONFLICT DO NOTHING: a row
-- whose key is taken (or being taken by an uncommitted writer, whom the insert waits for) is skipped, so an append
-- with fewer stored rows than events lost to another writer, and the rows it did store are deleted again. The
-- primary key still decides: two writers of one conversation (two activations during failover) cannot both store.
-- The caller puts each conversation at most once in a call; a second one is refused with an error.
CREATE OR REPLACE FUNCTION engine_append_conversations(
    a_id uuid[], a_expected bigint[], a_count integer[],
    s_tenant text[], s_customer_id uuid[], s_status integer[], s_priority integer[], s_channels text[],
    s_message_count integer[], s_created_at timestamptz[], s_updated_at timestamptz[], s_last_preview text[],
    s_assignee text[], s_risk double precision[], s_listening boolean[],
    e_append integer[], e_type text[], e_at timestamptz[], e_payload bytea[],
    m_append integer[], m_channel text[], m_id text[], m_thread text[])
RETURNS integer[]
LANGUAGE plpgsql
AS $$
DECLARE
    stored_ids uuid[];
    stored_seqs bigint[];
    conflicted integer[];
BEGIN
    IF cardinality(a_id) <> (SELECT count(DISTINCT id) FROM unnest(a_id) AS a(id)) THEN
        RAISE EXCEPTION 'engine_append_conversations: a conversation appears twice in one call';
    END IF;

    -- Rows in key order, so two concurrent calls meet each other's keys in the same order.
    WITH events AS (
        SELECT a_id[e.app] AS conversation_id,
               a_expected[e.app] + row_number() OVER (PARTITION BY e.app ORDER BY e.ord) AS seq,
               e.event_type, e.occurred_at, e.payload
        FROM unnest(e_append, e_type, e_at, e_payload) WITH ORDINALITY AS e(app, event_type, occurred_at, payload, ord)
    ), inserted AS (
        INSERT INTO engine_conversation_events (conversation_id, seq, event_type, occurred_at, payload)
        SELECT conversation_id, seq, event_type, occurred_at, payload FROM events ORDER BY conversation_id, seq
        ON CONFLICT ON CONSTRAINT engine_conversation_events_pk DO NOTHING
        RETURNING conversation_id, seq
    )
    SELECT array_agg(conversation_id), array_agg(seq) INTO stored_ids, stored_seqs FROM inserted;

    SELECT coalesce(array_agg(a.i::integer ORDER BY a.i), '{}') INTO conflicted
    FROM unnest(a_id, a_count) WITH ORDINALITY AS a(id, n, i)
    LEFT JOIN (SELECT id, count(*) AS stored FROM unnest(stored_ids) AS s(id) GROUP BY id) s ON s.id = a.id
    WHERE coalesce(s.stored, 0) < a.n;

    IF cardinality(conflicted) > 0 THEN
        -- Only the rows this call inserted (a conversation is in the call once), never the rival's.
        DELETE FROM engine_conversation_events e
        USING unnest(stored_ids, stored_seqs) AS s(id, seq)
        WHERE s.id = ANY (SELECT a_id[c] FROM unnest(conflicted) AS c)
          AND e.conversation_id = s.id AND e.seq = s.seq;
    END IF;

    INSERT INTO engine_conversations (id, tenant, customer_id, status, priority, channels, message_count, created_at,
                                      updated_at, last_preview, assignee, risk, listening)
    SELECT s.id, s.tenant, s.customer_id, s.status, s.priority, s.channels, s.message_count, s.created_at,
           s.updated_at, s.last_preview, s.assignee, s.risk, s.listening
    FROM unnest(a_id, s_tenant, s_customer_id, s_status, s_priority, s_channels, s_message_count, s_created_at,
                s_updated_at, s_last_preview, s_assignee, s_risk, s_listening) WITH ORDINALITY
         AS s(id, tenant, customer_id, status, priority, channels, message_count, created_at, updated_at, last_preview,
              assignee, risk, listening, i)
    WHERE s.i <> ALL (conflicted)
    ORDER BY s.id
    ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, status = excluded.status,
        priority = excluded.priority, channels = excluded.channels, message_count = excluded.message_count,
        updated_at = excluded.updated_at, last_preview = excluded.last_preview, assignee = excluded.assignee,
        risk = excluded.risk, listening = excluded.listening;

    -- Only for the appends that were stored; in key order, as above.
    INSERT INTO engine_message_index (tenant, channel, message_id, thread_key, conversation_id)
    SELECT s_tenant[m.app], m.channel, m.id, m.thread, a_id[m.app]
    FROM unnest(m_append, m_channel, m_id, m_thread) WITH ORDINALITY AS m(app, channel, id, thread, ord)
    WHERE m.app <> ALL (conflicted)
    ORDER BY 1, 2, 3, m.app, m.ord
    ON CONFLICT ON CONSTRAINT engine_message_index_pk DO NOTHING;

    RETURN conflicted;
END
$$;
