-- Lists show who holds each conversation (routing's assignee), so the summary row carries it.
ALTER TABLE engine_conversations ADD COLUMN IF NOT EXISTS assignee text NULL;
