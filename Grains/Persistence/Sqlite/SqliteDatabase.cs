namespace Engine.Persistence.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in a data folder, in WAL mode with full sync, so that what the engine
/// acknowledged survives a crash of the process. Creates its tables on first use; no set-up needed.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string dataDirectory)
    {
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
