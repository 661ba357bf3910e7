namespace Engine.Tests.Failover;

using Engine.Tests.Postgres;

/// <summary>A fresh database per test class, migrated by the Silo program's own <c>migrate</c> command.</summary>
public sealed class FailoverDatabase : PostgresDatabase
{
    protected override string Prefix => "engine_failover";

    protected override async Task PrepareAsync(string connectionString)
    {
        var folder = Directory.CreateTempSubdirectory("engine-migrate-").FullName;
        using (var migrate = ChildProgram.Start("migrate", ChildProgram.SiloDll, ["migrate", "--connection", connectionString],
            new Dictionary<string, string>(), folder))
        {
            var exitCode = await migrate.WaitForExitAsync(TimeSpan.FromMinutes(1));
            if (exitCode != 0)
                throw new InvalidOperationException($"migrate ended with {exitCode?.ToString() ?? "a timeout"}.\n{migrate.Tail()}");
        }
        Directory.Delete(folder, recursive: true);
    }
}
