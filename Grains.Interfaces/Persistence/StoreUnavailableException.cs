namespace Engine.Persistence;

/// <summary>
/// The store (PostgreSQL, SQLite) failed or could not be reached while a grain call ran: nothing of the call may be
/// assumed kept, and a retry is safe. It replaces the driver's own exception (e.g. Npgsql's) at the grain boundary,
/// because those have no Orleans codec: sent as they are, the caller would get a CodecNotFoundException (a 500)
/// instead of a store failure (a 503 with Retry-After).
/// </summary>
[GenerateSerializer, Alias("engine.StoreUnavailableException")]
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException() { }

    public StoreUnavailableException(string message) : base(message) { }

    public StoreUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
