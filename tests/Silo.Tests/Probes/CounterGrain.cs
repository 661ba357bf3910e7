namespace Engine.Tests.Probes;

[Alias("Engine.Tests.Probes.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("Increment")] Task<int> Increment();
    [Alias("Get")] Task<int> Get();
}

[GenerateSerializer, Alias("Engine.Tests.Probes.CounterState")]
public sealed class CounterState
{
    [Id(0)] public int Value { get; set; }
}

/// <summary>Keeps a number in the "engine" storage, so a test can see it outlive the silo that wrote it.</summary>
public sealed class CounterGrain([PersistentState("counter", EngineStorage.Name)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);
}
