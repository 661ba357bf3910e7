namespace Engine.Persistence.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>
/// The connection writes run on, with its commands kept by SQL text: Microsoft.Data.Sqlite prepares a command's
/// statement once and reuses it while the command lives, so the group writer, which runs the same few statements
/// thousands of times a second, stops re-parsing them. A command handed out belongs to the session: callers set its
/// parameters and run it, but do not dispose it.
/// </summary>
public sealed class SqliteWriteSession(SqliteConnection connection) : IDisposable
{
    // Every store's SQL is a constant text, so this stays small; the cap only guards against a caller that is not.
    private const int MaxCommands = 128;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    /// <summary>The command for <paramref name="sql"/>, prepared already if it ran before, with no parameters set.</summary>
    public SqliteCommand Command(string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }
        if (_commands.Count >= MaxCommands) Clear();
        command = connection.CreateCommand();
        command.CommandText = sql;
        _commands.Add(sql, command);
        return command;
    }

    /// <summary>Runs a statement without parameters (BEGIN, SAVEPOINT, COMMIT ...).</summary>
    public void Execute(string sql) => Command(sql).ExecuteNonQuery();

    private void Clear()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
    }

    public void Dispose()
    {
        Clear();
        connection.Dispose();
    }
}
