-- Lists show each conversation's latest risk and whether a listening feed opened it (and filter on that).
ALTER TABLE engine_conversations ADD COLUMN IF NOT EXISTS risk double precision NULL;
ALTER TABLE engine_conversations ADD COLUMN IF NOT EXISTS listening boolean NOT NULL DEFAULT false;
