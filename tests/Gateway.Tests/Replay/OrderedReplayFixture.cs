namespace Engine.Tests.Replay;

using Engine.Replay;
using Engine.Tests.Hosting;

/// <summary>One engine that has received the whole corpus in platform time order; the replay tests share it.</summary>
public sealed class OrderedReplayFixture : IAsyncLifetime
{
    public EngineApiFactory Engine { get; } = new();
    public ReplayPlan Plan { get; } = CorpusMapper.Map(TwcsReader.ReadFile(RepositoryPaths.TwcsCorpus));
    public ReplayReport Report { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Report = await new ReplayRunner(Engine.CreateClient(), new ReplayOptions(Concurrency: 16)).Run(Plan);

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ReplayCollection : ICollectionFixture<OrderedReplayFixture>
{
    public const string Name = "replay";
}
