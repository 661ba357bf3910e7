namespace Engine.Persistence.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in a data folder, in WAL mode with full sync, so that what the engine
/// acknowledged survives a crash of the process. Creates its tables on first use; no set-up needed.
/// Every store writes through <see cref="Write{T}"/>: with group commit (the default) one writer thread batches the
/// writes of all stores into shared transactions; disposing drains it.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteGroupWriter? _groupWriter;
    private readonly SqliteCheckpointer? _checkpointer;

    public SqliteDatabase(string dataDirectory, SqliteStoreOptions? options = null)
    {
        options ??= new SqliteStoreOptions();
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, "engine.db"));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, Schema);
        AddMissingColumns(connection);
        if (!options.GroupCommit) return;
        var background = options.CheckpointInterval > TimeSpan.Zero;
        // Zero or less would turn the writer's checkpoint off, and nothing would ever let the log start over.
        if (background) ArgumentOutOfRangeException.ThrowIfLessThan(options.WriterCheckpointPages, 1, nameof(options.WriterCheckpointPages));
        _groupWriter = new SqliteGroupWriter(() => OpenForWriting(background ? options.WriterCheckpointPages : null), options.MaxBatch, Counts);
        if (background)
            _checkpointer = new SqliteCheckpointer(() => OpenForWriting(null), options.CheckpointInterval, Counts);
    }

    /// <summary>Commits and the writes they carried (both modes).</summary>
    public SqliteWriteCounts Counts { get; } = new();

    /// <summary>
    /// Runs <paramref name="write"/> in a write transaction and completes once that has committed: with group commit
    /// on the writer's thread, in a transaction shared with other writes (the write's own failure undoes only it);
    /// otherwise here, in a transaction of its own. <paramref name="write"/> must only run statements (no transaction
    /// of its own) and leave its caller's objects alone: it may run on another thread, and its result is handed back
    /// only after the commit.
    /// </summary>
    public Task<T> Write<T>(Func<SqliteWriteSession, T> write, CancellationToken cancellationToken) =>
        _groupWriter is not null ? _groupWriter.Write(write, cancellationToken) : WriteAlone(write, cancellationToken);

    private async Task<T> WriteAlone<T>(Func<SqliteWriteSession, T> write, CancellationToken cancellationToken)
    {
        var connection = await Open(cancellationToken);
        using var session = new SqliteWriteSession(connection);
        session.Execute("BEGIN IMMEDIATE");
        T result;
        try
        {
            result = write(session);
            session.Execute("COMMIT");
        }
        catch
        {
            try
            {
                session.Execute("ROLLBACK");
            }
            catch (SqliteException)
            {
                // SQLite ended the transaction already; the pool must not hand this connection out again regardless.
                SqliteConnection.ClearPool(connection);
            }
            throw;
        }
        Counts.Record(1);
        return result;
    }

    private SqliteConnection OpenForWriting(int? checkpointPages)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL;");
        if (checkpointPages is { } pages)
            Execute(connection, $"PRAGMA wal_autocheckpoint={pages};");
        return connection;
    }

    /// <summary>Drains the group writer: whatever was queued is committed or failed before this returns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_groupWriter is not null) await _groupWriter.DisposeAsync();
        _checkpointer?.Dispose();
    }

    public void Dispose()
    {
        _groupWriter?.Dispose();
        _checkpointer?.Dispose();
    }

    /// <summary>A file made by an older version lacks the list columns added since; CREATE TABLE IF NOT EXISTS does not add them.</summary>
    private static void AddMissingColumns(SqliteConnection connection)
    {
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM pragma_table_info('conversations');";
            using var reader = command.ExecuteReader();
            while (reader.Read()) present.Add(reader.GetString(0));
        }
        foreach (var (column, definition) in AddedColumns)
            if (!present.Contains(column))
                Execute(connection, $"ALTER TABLE conversations ADD COLUMN {column} {definition};");
    }

    private static readonly (string Column, string Definition)[] AddedColumns =
        [("assignee", "TEXT"), ("risk", "REAL"), ("listening", "INTEGER NOT NULL DEFAULT 0")];

    public string Path { get; }

    public async Task<SqliteConnection> Open(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // Per connection: FULL makes each commit durable, not just consistent, before the caller hears "stored".
        Execute(connection, "PRAGMA synchronous=FULL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS conversation_events (
            conversation_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            event_type TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS conversation_snapshots (
            conversation_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            payload BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS conversations (
            id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL,
            customer_id TEXT,
            status INTEGER NOT NULL,
            priority INTEGER NOT NULL,
            channels TEXT NOT NULL,
            message_count INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_preview TEXT,
            assignee TEXT,
            risk REAL,
            listening INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS conversations_by_update ON conversations (tenant, updated_at DESC, id DESC);
        -- The census (conversations per tenant and status, every 30 s) reads only this index: without it SQLite walked
        -- the rows through conversations_by_update, 1.4-2.2 s of one blocked thread at 100,000 conversations.
        CREATE INDEX IF NOT EXISTS conversations_by_status ON conversations (tenant, status);
        CREATE TABLE IF NOT EXISTS message_index (
            tenant TEXT NOT NULL,
            channel TEXT NOT NULL,
            message_id TEXT NOT NULL,
            thread_key TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            PRIMARY KEY (tenant, channel, message_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id TEXT NOT NULL,
            etag INTEGER NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (state_name, grain_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS reminders (
            grain_id TEXT NOT NULL,
            reminder_name TEXT NOT NULL,
            grain_hash INTEGER NOT NULL,
            start_time INTEGER NOT NULL,
            period_ticks INTEGER NOT NULL,
            etag INTEGER NOT NULL,
            PRIMARY KEY (grain_id, reminder_name)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (grain_hash);
        CREATE TABLE IF NOT EXISTS queue_entries (
            tenant TEXT NOT NULL,
            queue_id TEXT NOT NULL,
            partition INTEGER NOT NULL,
            conversation_id TEXT NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (tenant, queue_id, partition, conversation_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS queue_agents (
            tenant TEXT NOT NULL,
            queue_id TEXT NOT NULL,
            partition INTEGER NOT NULL,
            agent_id TEXT NOT NULL,
            PRIMARY KEY (tenant, queue_id, partition, agent_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS queue_partitions (
            tenant TEXT NOT NULL,
            queue_id TEXT NOT NULL,
            partition INTEGER NOT NULL,
            assigned INTEGER NOT NULL,
            PRIMARY KEY (tenant, queue_id, partition)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS realtime_events (
            stream TEXT NOT NULL,
            seq INTEGER NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (stream, seq)) WITHOUT ROWID;
        """;
}
