-- The catalogue of queries the Orleans ADO.NET providers read at start-up (SELECT QueryKey, QueryText FROM OrleansQuery).
-- Orleans binds parameters and reads result columns by name, so every query below keeps the names the 10.x providers
-- use; the SQL behind them is ours. Unquoted identifiers fold to lower case, which is what the providers expect.
-- Query texts are dollar-quoted so they need no quote doubling, and upserted so re-running a script refreshes them.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText text NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
