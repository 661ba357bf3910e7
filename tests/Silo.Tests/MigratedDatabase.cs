namespace Engine.Tests;

using Engine.Silo.Schema;
using Engine.Tests.Postgres;

/// <summary>A fresh database per test class with the engine's schema applied by the real migrator.</summary>
public sealed class MigratedDatabase : PostgresDatabase
{
    protected override string Prefix => "engine_silo_test";

    protected override Task PrepareAsync(string connectionString) => new SchemaMigrator(connectionString).MigrateAsync();
}
