namespace Engine.Conversations;

/// <summary>Messenger's hand-over protocol: an app passed, took or asked for control of a thread (bot ↔ human).</summary>
[GenerateSerializer, Alias("engine.ThreadControlKind")]
public enum ThreadControlKind { Pass, Take, Request }

/// <param name="AppId">The app that gets control (pass) or that took or asked for it, when the platform says.</param>
[GenerateSerializer, Alias("engine.ThreadControlChange")]
public sealed record ThreadControlChange(
    [property: Id(0)] ChannelKind Channel,
    [property: Id(1)] string ThreadKey,
    [property: Id(2)] ThreadControlKind Kind,
    [property: Id(3)] string? AppId,
    [property: Id(4)] string? Metadata,
    [property: Id(5)] DateTimeOffset At);
