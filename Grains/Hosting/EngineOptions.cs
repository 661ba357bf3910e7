namespace Engine.Hosting;

public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>How long after being resolved a conversation still reopens on a customer message.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(7);
}
