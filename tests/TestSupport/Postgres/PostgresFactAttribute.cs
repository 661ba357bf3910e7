namespace Engine.Tests.Postgres;

/// <summary>
/// A fact that needs PostgreSQL. Without a configured server it is skipped with the reason, except under CI=true,
/// where it runs and fails with the same reason: a missing server must never look like a pass.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.UnavailableReason is { } reason && !PostgresServer.MustRun)
            Skip = reason;
    }
}
