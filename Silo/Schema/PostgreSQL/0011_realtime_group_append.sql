-- Group commit for real-time streams: the appends of many streams written in one call, so one round trip and one
-- transaction (one WAL flush) carries them all (an inbound message adds rows to its conversation's stream and to its
-- agent's). Append i adds a_count[i] events to stream a_stream[i] and then drops that stream's rows numbered up to
-- a_drop[i] (0: none); event j belongs to append e_append[j] (1-based) and has number e_seq[j].
-- Each append stands or falls alone, as in engine_append_conversations (script 0009, which explains why there are no
-- subtransactions): an append one of whose numbers is taken leaves nothing behind and drops nothing, and its index is
-- returned. Any other error fails the whole call. The caller puts each stream at most once in a call.
CREATE OR REPLACE FUNCTION engine_append_realtime(
    a_stream text[], a_count integer[], a_drop bigint[],
    e_append integer[], e_seq bigint[], e_payload bytea[])
RETURNS integer[]
LANGUAGE plpgsql
AS $$
DECLARE
    stored_streams text[];
    stored_seqs bigint[];
    conflicted integer[];
BEGIN
    IF cardinality(a_stream) <> (SELECT count(DISTINCT s) FROM unnest(a_stream) AS a(s)) THEN
        RAISE EXCEPTION 'engine_append_realtime: a stream appears twice in one call';
    END IF;

    -- Rows in key order, so two concurrent calls meet each other's keys in the same order.
    WITH inserted AS (
        INSERT INTO engine_realtime_events (stream, seq, payload)
        SELECT a_stream[e.app], e.seq, e.payload
        FROM unnest(e_append, e_seq, e_payload) AS e(app, seq, payload)
        ORDER BY 1, 2
        ON CONFLICT ON CONSTRAINT engine_realtime_events_pk DO NOTHING
        RETURNING stream, seq
    )
    SELECT array_agg(stream), array_agg(seq) INTO stored_streams, stored_seqs FROM inserted;

    SELECT coalesce(array_agg(a.i::integer ORDER BY a.i), '{}') INTO conflicted
    FROM unnest(a_stream, a_count) WITH ORDINALITY AS a(stream, n, i)
    LEFT JOIN (SELECT stream, count(*) AS stored FROM unnest(stored_streams) AS s(stream) GROUP BY stream) s
        ON s.stream = a.stream
    WHERE coalesce(s.stored, 0) < a.n;

    IF cardinality(conflicted) > 0 THEN
        -- Only the rows this call inserted (a stream is in the call once), never the rival's.
        DELETE FROM engine_realtime_events e
        USING unnest(stored_streams, stored_seqs) AS s(stream, seq)
        WHERE s.stream = ANY (SELECT a_stream[c] FROM unnest(conflicted) AS c)
          AND e.stream = s.stream AND e.seq = s.seq;
    END IF;

    DELETE FROM engine_realtime_events e
    USING unnest(a_stream, a_drop) WITH ORDINALITY AS d(stream, through, i)
    WHERE d.through > 0 AND d.i <> ALL (conflicted)
      AND e.stream = d.stream AND e.seq <= d.through;

    RETURN conflicted;
END
$$;
