-- Grain state (Microsoft.Orleans.Persistence.AdoNet). A grain is identified by its natural key (service, grain type,
-- the two numeric key halves and the optional string key); the two hashes only narrow the index lookup.
-- Version is the ETag: NULL in the grain means "never stored", and each successful write or clear adds one.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash integer NOT NULL,
    GrainIdN0 bigint NOT NULL,
    GrainIdN1 bigint NOT NULL,
    GrainTypeHash integer NOT NULL,
    GrainTypeString varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId varchar(150) NOT NULL,
    PayloadBinary bytea NULL,
    ModifiedOn timestamptz(3) NOT NULL,
    Version integer NULL
);

-- Unique over the natural key, so two activations racing to store a new grain cannot both insert.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_GrainKey
    ON OrleansStorage (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId, GrainTypeString,
                       COALESCE(GrainIdExtensionString, ''));

-- Parameters are cast explicitly because a NULL version or string key arrives untyped.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
      AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
      AND ServiceId = @ServiceId::varchar AND GrainTypeString = @GrainTypeString::varchar
      AND COALESCE(GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString::varchar, '');
$q$),

-- With a version: update if it still matches. Without one: insert if no row exists.
-- Returns the new version, or the caller's version unchanged when nothing was written (Orleans reads that as a
-- conflict and throws InconsistentStateException).
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary::bytea, ModifiedOn = now(), Version = Version + 1
        WHERE @GrainStateVersion::integer IS NOT NULL
          AND GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
          AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
          AND ServiceId = @ServiceId::varchar AND GrainTypeString = @GrainTypeString::varchar
          AND COALESCE(GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString::varchar, '')
          AND Version = @GrainStateVersion::integer
        RETURNING Version),
    inserted AS (
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
             PayloadBinary, ModifiedOn, Version)
        SELECT @GrainIdHash::integer, @GrainIdN0::bigint, @GrainIdN1::bigint, @GrainTypeHash::integer,
               @GrainTypeString::varchar, @GrainIdExtensionString::varchar, @ServiceId::varchar,
               @PayloadBinary::bytea, now(), 1
        WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version)
    SELECT COALESCE((SELECT Version FROM updated), (SELECT Version FROM inserted), @GrainStateVersion::integer)
           AS NewGrainStateVersion;
$q$),

-- Clearing keeps the row (and so the version sequence) with an empty payload.
('ClearStorageKey', $q$
    WITH cleared AS (
        UPDATE OrleansStorage
        SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
        WHERE GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
          AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
          AND ServiceId = @ServiceId::varchar AND GrainTypeString = @GrainTypeString::varchar
          AND COALESCE(GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString::varchar, '')
          AND Version = @GrainStateVersion::integer
        RETURNING Version)
    SELECT COALESCE((SELECT Version FROM cleared), @GrainStateVersion::integer) AS NewGrainStateVersion;
$q$),

-- Used instead of ClearStorageKey when the storage is configured with DeleteStateOnClear.
('DeleteStorageKey', $q$
    WITH deleted AS (
        DELETE FROM OrleansStorage
        WHERE GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
          AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
          AND ServiceId = @ServiceId::varchar AND GrainTypeString = @GrainTypeString::varchar
          AND COALESCE(GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString::varchar, '')
          AND Version = @GrainStateVersion::integer
        RETURNING Version)
    SELECT COALESCE((SELECT Version + 1 FROM deleted), @GrainStateVersion::integer) AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
