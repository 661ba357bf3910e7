namespace Engine.Tests.Postgres;

/// <summary>A fresh database for one test class, dropped afterwards. Subclasses prepare it (e.g. apply the schema).</summary>
public abstract class PostgresDatabase : IAsyncLifetime
{
    private string? connectionString;

    public string ConnectionString => connectionString ?? throw new InvalidOperationException(PostgresServer.UnavailableReason ?? "Database not created yet.");

    protected virtual string Prefix => "engine_test";

    protected virtual Task PrepareAsync(string connectionString) => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        // Without a server the tests are skipped (or, under CI, fail on ConnectionString with the reason).
        if (PostgresServer.ConnectionString is null)
            return;
        connectionString = await PostgresServer.CreateDatabaseAsync(Prefix);
        await PrepareAsync(connectionString);
    }

    public async Task DisposeAsync()
    {
        if (connectionString is not null)
            await PostgresServer.DropDatabaseAsync(connectionString);
    }
}
