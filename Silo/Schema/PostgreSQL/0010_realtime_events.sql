-- Real-time streams keep their recent events one row per event (the newest 1,000 of each stream), so a publication
-- writes its own rows and never the whole window again. Streams stored by an earlier version in grain state
-- (state name 'realtime-stream') are copied here by the stream itself when it next activates.
CREATE TABLE IF NOT EXISTS engine_realtime_events
(
    stream text NOT NULL,
    seq bigint NOT NULL,
    payload bytea NOT NULL,

    CONSTRAINT engine_realtime_events_pk PRIMARY KEY (stream, seq)
);
-- Rows are read and dropped only through the primary key; stored uncompressed, as they are small and read whole.
ALTER TABLE engine_realtime_events ALTER COLUMN payload SET STORAGE EXTERNAL;
