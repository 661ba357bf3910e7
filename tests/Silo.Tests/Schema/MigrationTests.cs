namespace Engine.Tests.Schema;

using Engine.Silo.Schema;
using Engine.Tests.Postgres;
using Npgsql;

public sealed class MigrationTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    /// <summary>Every query key the 10.x clustering, grain storage and reminder providers look up.</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        // Microsoft.Orleans.Clustering.AdoNet
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        // Microsoft.Orleans.Persistence.AdoNet
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        // Microsoft.Orleans.Reminders.AdoNet
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public void Scripts_are_numbered_one_after_another()
    {
        var versions = SchemaScript.PostgreSql.Select(s => s.Version).ToArray();
        Assert.Equal(Enumerable.Range(1, versions.Length), versions);
        Assert.Equal(["main", "clustering", "persistence", "reminders", "conversations", "conversation_assignee", "queue_entries", "conversation_risk", "conversation_group_append", "realtime_events", "realtime_group_append", "message_index", "realtime_bounded_drop"], SchemaScript.PostgreSql.Select(s => s.Name));
    }

    [PostgresFact]
    public async Task Migrating_again_changes_nothing()
    {
        var second = await new SchemaMigrator(database.ConnectionString).MigrateAsync();
        var third = await new SchemaMigrator(database.ConnectionString).MigrateAsync();

        Assert.Empty(second);
        Assert.Empty(third);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], await ReadColumnAsync<int>("SELECT version FROM engine_schema_version ORDER BY version"));
    }

    [PostgresFact]
    public async Task The_stream_group_call_of_the_version_before_stays_beside_the_new_one_for_an_upgrade()
    {
        // Script 0013 adds a seven-argument engine_append_realtime; silos not yet upgraded still call 0011's six.
        var arities = await ReadColumnAsync<short>("SELECT pronargs FROM pg_proc WHERE proname = 'engine_append_realtime' ORDER BY pronargs");
        Assert.Equal([(short)6, (short)7], arities);
    }

    [PostgresFact]
    public async Task Scripts_themselves_are_safe_to_run_twice()
    {
        // Re-running a script outside the version table (as an operator might by hand) must not fail or duplicate.
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var script in SchemaScript.PostgreSql)
        {
            await using var command = new NpgsqlCommand(script.Sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(ProviderQueryKeys.Length, (await ReadColumnAsync<string>("SELECT QueryKey FROM OrleansQuery")).Count);
    }

    [PostgresFact]
    public async Task Schema_holds_every_query_the_providers_need()
    {
        var keys = await ReadColumnAsync<string>("SELECT QueryKey FROM OrleansQuery");
        Assert.Equal(ProviderQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [PostgresFact]
    public async Task An_applied_script_that_was_edited_is_refused()
    {
        var edited = SchemaScript.PostgreSql.Select(s => s.Version == 2 ? s with { Sql = s.Sql + "\n-- edited" } : s).ToList();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SchemaMigrator(database.ConnectionString).MigrateAsync(edited));
        Assert.Contains("0002_clustering", error.Message);
    }

    private async Task<List<T>> ReadColumnAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
            values.Add(reader.GetFieldValue<T>(0));
        return values;
    }
}
