-- Group commit: the appends of many conversations written in one call, so one round trip and one transaction (one
-- WAL flush) carries them all. Append i extends conversation a_id[i] from version a_expected[i] by a_count[i]
-- events; event j belongs to append e_append[j] (1-based) and gets seq a_expected + its position in that append.
-- Each append stands or falls alone: one whose rows meet an existing (conversation_id, seq) leaves nothing behind,
-- and its index is returned, while the others are stored with their list rows. Any other error fails the whole call.
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
    e_append integer[], e_type text[], e_at timestamptz[], e_payload bytea[])
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

    RETURN conflicted;
END
$$;
