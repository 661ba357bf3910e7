-- Queue partitions, row by row: each waiting or offered conversation is one row (its ticket, offer and the agents
-- already tried, as one payload), each agent who announced itself to a partition is one row, and each partition keeps
-- its assigned count. A change writes the rows it touched, so a write costs the same at any queue depth.
CREATE TABLE IF NOT EXISTS engine_queue_entries
(
    tenant text NOT NULL,
    queue_id text NOT NULL,
    partition integer NOT NULL,
    conversation_id uuid NOT NULL,
    payload bytea NOT NULL,

    CONSTRAINT engine_queue_entries_pk PRIMARY KEY (tenant, queue_id, partition, conversation_id)
);

CREATE TABLE IF NOT EXISTS engine_queue_agents
(
    tenant text NOT NULL,
    queue_id text NOT NULL,
    partition integer NOT NULL,
    agent_id text NOT NULL,

    CONSTRAINT engine_queue_agents_pk PRIMARY KEY (tenant, queue_id, partition, agent_id)
);

CREATE TABLE IF NOT EXISTS engine_queue_partitions
(
    tenant text NOT NULL,
    queue_id text NOT NULL,
    partition integer NOT NULL,
    assigned bigint NOT NULL,

    CONSTRAINT engine_queue_partitions_pk PRIMARY KEY (tenant, queue_id, partition)
);
