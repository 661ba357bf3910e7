namespace Engine.Tests.Persistence;

using Engine.Persistence.Sqlite;

/// <summary>The census query of the embedded store reads an index, not the conversations' rows.</summary>
public sealed class SqliteCensusTests : IDisposable
{
    private readonly TemporarySqliteFile _file = new();

    [Fact]
    public async Task Counting_conversations_by_tenant_and_status_scans_only_the_covering_index()
    {
        // Walking the rows took 1.4-2.2 s of a blocked thread at 100,000 conversations (docs/BENCHMARKS.md, suite 5).
        await using var connection = await _file.Database.Open(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteConversationStore.CountByStatusSql;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(3));

        Assert.Equal(["SCAN conversations USING COVERING INDEX conversations_by_status"], plan);
    }

    public void Dispose() => _file.Dispose();
}
