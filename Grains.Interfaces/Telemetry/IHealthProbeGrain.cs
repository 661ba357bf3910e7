namespace Engine.Telemetry;

/// <summary>Answers when the cluster can run a grain and that grain can read the store: what "ready" means.</summary>
[Alias("engine.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithIntegerKey
{
    Task Probe();
}
