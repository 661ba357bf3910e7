namespace Engine.Sla;

using Engine.Conversations;

/// <summary>
/// A tenant's service-level policy: which conversations it covers, its targets on brand-wait time, and what
/// happens at the warning and at the breach. Targets count business hours only when <see cref="BusinessHours"/> is set.
/// </summary>
[GenerateSerializer, Alias("engine.SlaPolicy")]
public sealed record SlaPolicy(
    [property: Id(0)] string Name,
    [property: Id(1)] SlaMatch Match,
    [property: Id(2)] SlaTargets Targets,
    [property: Id(3)] BusinessHours? BusinessHours = null,
    [property: Id(4)] double WarnAt = 0.75,
    [property: Id(5)] IReadOnlyList<SlaAction>? OnWarning = null,
    [property: Id(6)] IReadOnlyList<SlaAction>? OnBreach = null);

/// <summary>Which conversations a policy covers; a null field matches anything. The most specific match wins.</summary>
[GenerateSerializer, Alias("engine.SlaMatch")]
public sealed record SlaMatch(
    [property: Id(0)] ChannelKind? Channel = null,
    [property: Id(1)] Visibility? Visibility = null,
    [property: Id(2)] Priority? Priority = null);

[GenerateSerializer, Alias("engine.SlaTargets")]
public sealed record SlaTargets(
    [property: Id(0)] TimeSpan? FirstResponse = null,
    [property: Id(1)] TimeSpan? NextResponse = null,
    [property: Id(2)] TimeSpan? Resolution = null);

[GenerateSerializer, Alias("engine.SlaActionKind")]
public enum SlaActionKind { RaisePriority, Requeue, NotifySupervisors, AddLabel }

/// <summary>One thing to do at a warning or breach; <see cref="Argument"/> is the queue (or <c>tier:N</c>) for a re-queue, the label to add.</summary>
[GenerateSerializer, Alias("engine.SlaAction")]
public sealed record SlaAction([property: Id(0)] SlaActionKind Kind, [property: Id(1)] string? Argument = null);

[GenerateSerializer, Alias("engine.SlaTarget")]
public enum SlaTarget { FirstResponse, NextResponse, Resolution }

[GenerateSerializer, Alias("engine.SlaState")]
public enum SlaState { Met, Running, Paused, Warning, Breached }

/// <summary>Where one target stands: counted time so far, the instants of warning and breach while the clock runs,
/// and by how much it was missed once breached.</summary>
[GenerateSerializer, Alias("engine.SlaTargetStatus")]
public sealed record SlaTargetStatus(
    [property: Id(0)] SlaTarget Target,
    [property: Id(1)] TimeSpan Goal,
    [property: Id(2)] TimeSpan Counted,
    [property: Id(3)] SlaState State,
    [property: Id(4)] DateTimeOffset? WarningAt,
    [property: Id(5)] DateTimeOffset? BreachAt,
    [property: Id(6)] TimeSpan? MissedBy);
