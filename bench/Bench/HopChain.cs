namespace Engine.Bench;

using Orleans.Concurrency;

/// <summary>
/// The ingest path's grain topology with empty bodies, as a baseline: what Orleans alone costs for one inbound message.
/// A local stateless worker (the inbound grain) asks a string-keyed grain (the thread directory) on a thread's first
/// message, then calls a Guid-keyed grain (the conversation), which posts one-way to a string-keyed grain (its real-time
/// stream).
/// </summary>
[Alias("bench.IHopEntryGrain")]
public interface IHopEntryGrain : IGrainWithIntegerKey
{
    Task<int> Accept(string thread, Guid conversation, int value);
}

[Alias("bench.IHopDirectoryGrain")]
public interface IHopDirectoryGrain : IGrainWithStringKey
{
    Task<Guid> Resolve(Guid conversation);
}

[Alias("bench.IHopConversationGrain")]
public interface IHopConversationGrain : IGrainWithGuidKey
{
    Task<int> Ingest(int value);
}

[Alias("bench.IHopStreamGrain")]
public interface IHopStreamGrain : IGrainWithStringKey
{
    [OneWay]
    Task Post(int value);
}

[StatelessWorker, Reentrant]
public sealed class HopEntryGrain : Grain, IHopEntryGrain
{
    private readonly Dictionary<string, IHopDirectoryGrain> _directories = [];
    private readonly Dictionary<Guid, IHopConversationGrain> _conversations = [];
    private readonly Dictionary<string, Guid> _routes = [];

    public async Task<int> Accept(string thread, Guid conversation, int value)
    {
        // References are kept, as the engine keeps them (GrainReferences), so both pay the same for them; and a thread's
        // route once resolved, as the engine keeps it (ThreadRoutes), so a known thread skips the directory in both.
        if (!_routes.TryGetValue(thread, out var id))
        {
            if (!_directories.TryGetValue(thread, out var directory))
                _directories[thread] = directory = GrainFactory.GetGrain<IHopDirectoryGrain>(thread);
            _routes[thread] = id = await directory.Resolve(conversation);
        }
        if (!_conversations.TryGetValue(id, out var target))
            _conversations[id] = target = GrainFactory.GetGrain<IHopConversationGrain>(id);
        return await target.Ingest(value);
    }
}

public sealed class HopDirectoryGrain : Grain, IHopDirectoryGrain
{
    public Task<Guid> Resolve(Guid conversation) => Task.FromResult(conversation);
}

public sealed class HopConversationGrain : Grain, IHopConversationGrain
{
    private IHopStreamGrain? _stream;

    public Task<int> Ingest(int value)
    {
        (_stream ??= GrainFactory.GetGrain<IHopStreamGrain>(this.GetPrimaryKey().ToString("N"))).Post(value).Ignore();
        return Task.FromResult(value);
    }
}

public sealed class HopStreamGrain : Grain, IHopStreamGrain
{
    public Task Post(int value) => Task.CompletedTask;
}
