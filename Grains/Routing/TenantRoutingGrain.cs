namespace Engine.Routing;

[GenerateSerializer, Alias("engine.TenantRoutingState")]
public sealed class TenantRoutingState
{
    [Id(0)] public TenantRoutingSettings Settings { get; set; } = TenantRoutingSettings.Default;
    [Id(1)] public Dictionary<string, QueueDefinition> Queues { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public List<string> Agents { get; set; } = [];
}

public sealed class TenantRoutingGrain(
    [PersistentState("routing", EngineStorage.Name)] IPersistentState<TenantRoutingState> state,
    RoutingDirectory directory) : Grain, ITenantRoutingGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    public Task<TenantRoutingSettings> Settings() => Task.FromResult(state.State.Settings);

    public async Task SetSettings(TenantRoutingSettings settings)
    {
        state.State.Settings = settings;
        await state.WriteStateAsync();
        directory.Forget(Tenant);
    }

    public Task<QueueDefinition> Queue(string queueId) =>
        Task.FromResult(state.State.Queues.GetValueOrDefault(queueId) ?? QueueDefinition.Default(queueId));

    public Task<IReadOnlyList<QueueDefinition>> Queues() =>
        Task.FromResult<IReadOnlyList<QueueDefinition>>(state.State.Queues.Values.OrderBy(q => q.QueueId, StringComparer.Ordinal).ToList());

    public async Task AddAgent(string agentId)
    {
        if (state.State.Agents.Contains(agentId)) return;
        state.State.Agents.Add(agentId);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> Agents() => Task.FromResult<IReadOnlyList<string>>(state.State.Agents.Order(StringComparer.Ordinal).ToList());

    /// <summary>
    /// Defines or changes a queue. Partitions only grow: a conversation stays in the partition it entered, and
    /// agents keep telling every partition up to the current count, so older partitions still drain.
    /// </summary>
    public async Task<QueueDefinition> DefineQueue(QueueDefinition definition)
    {
        var previous = state.State.Queues.GetValueOrDefault(definition.QueueId);
        if (previous is not null && definition.Partitions < previous.Partitions)
            definition = definition with { Partitions = previous.Partitions };
        state.State.Queues[definition.QueueId] = definition;
        await state.WriteStateAsync();
        directory.Forget(Tenant);
        for (var p = 0; p < definition.Partitions; p++)
            _ = GrainFactory.GetGrain<IQueueGrain>(QueueKeys.Partition(Tenant, definition.QueueId, p)).Reconfigure(definition);
        return definition;
    }
}
