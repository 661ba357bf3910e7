namespace Engine.Persistence.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>Durable reminders for the embedded silo, in the same SQLite file as everything else.</summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_time, period_ticks, etag";

    public Task Init() => Task.CompletedTask;

    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        await using var connection = await database.Open(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM reminders WHERE grain_id = $grain";
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return new ReminderTableData(await ReadAll(command));
    }

    /// <summary>Reminders whose grain hash lies in the ring range (begin, end], which may wrap around.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        await using var connection = await database.Open(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = begin < end
            ? $"SELECT {Columns} FROM reminders WHERE grain_hash > $begin AND grain_hash <= $end"
            : $"SELECT {Columns} FROM reminders WHERE grain_hash > $begin OR grain_hash <= $end";
        command.Parameters.AddWithValue("$begin", (long)begin);
        command.Parameters.AddWithValue("$end", (long)end);
        return new ReminderTableData(await ReadAll(command));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        await using var connection = await database.Open(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM reminders WHERE grain_id = $grain AND reminder_name = $name";
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        return (await ReadAll(command)).SingleOrDefault();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => database.Write(session =>
    {
        var command = session.Command("""
            INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_time, period_ticks, etag)
            VALUES ($grain, $name, $hash, $start, $period, 1)
            ON CONFLICT (grain_id, reminder_name) DO UPDATE SET start_time = excluded.start_time,
                period_ticks = excluded.period_ticks, etag = reminders.etag + 1
            RETURNING etag
            """);
        command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
        command.Parameters.AddWithValue("$period", entry.Period.Ticks);
        return Convert.ToString(command.ExecuteScalar());
    }, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => database.Write(session =>
    {
        var command = session.Command("DELETE FROM reminders WHERE grain_id = $grain AND reminder_name = $name AND etag = $etag");
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$etag", long.TryParse(eTag, out var e) ? e : -1);
        return command.ExecuteNonQuery() > 0;
    }, CancellationToken.None);

    public Task TestOnlyClearTable() => database.Write(session => session.Command("DELETE FROM reminders").ExecuteNonQuery(), CancellationToken.None);

    private static async Task<List<ReminderEntry>> ReadAll(SqliteCommand command)
    {
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(),
            });
        return entries;
    }
}
