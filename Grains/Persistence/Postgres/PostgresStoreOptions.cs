namespace Engine.Persistence.Postgres;

/// <summary>How the PostgreSQL conversation store writes, from the <c>Storage:Postgres</c> configuration section.</summary>
public sealed class PostgresStoreOptions
{
    public const string Section = "Storage:Postgres";

    /// <summary>
    /// Appends of different conversations that arrive while a write is in flight go together in the next one: one
    /// round trip and one transaction (one WAL flush) for all of them. Off: each append is its own round trip.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>At most this many appends (conversations) in one group write.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>Group writes in flight at once (each on its own connection), so a batch gathers while another commits.</summary>
    public int Writers { get; set; } = 2;
}
