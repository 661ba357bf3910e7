namespace Engine.Persistence.Postgres;

using Npgsql;

/// <summary>
/// Group commit of real-time stream appends across streams, one per silo (<see cref="GroupWriteQueue{TWrite, TKey}"/>
/// with <c>engine_append_realtime</c>, script 0011): every stream an inbound message reaches (its conversation's, its
/// agent's) shares the transaction of the other streams written at that moment, instead of one transaction each.
/// </summary>
public sealed class RealtimeGroupWriter(NpgsqlDataSource dataSource, PostgresStoreOptions options)
    : GroupWriter<PendingStreamAppend, string>(new(options.MaxBatch, options.Writers, a => a.Stream,
        (batch, cancellationToken) => StreamAppendCommands.Execute(dataSource, batch, cancellationToken),
        a => a.Conflict(), "real-time stream store"));
