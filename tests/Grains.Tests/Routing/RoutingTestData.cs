namespace Engine.Tests.Routing;

using Engine.Agents;
using Engine.Conversations;
using Engine.Routing;

/// <summary>Small builders for tickets and agent availability in the pure routing tests.</summary>
internal static class RoutingTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static QueueTicket Ticket(Guid? id = null, Priority priority = Priority.Normal, DateTimeOffset? sla = null,
        int enteredMinute = 0, WorkKind kind = WorkKind.Social, Dictionary<string, int>? requires = null, string[]? excluded = null) =>
        new(id ?? Guid.NewGuid(), "acme", "general", priority, sla, T0.AddMinutes(enteredMinute), kind,
            requires ?? new Dictionary<string, int>(), excluded ?? []);

    public static AgentAvailability Agent(string id, int social = 5, int chat = 2, int load = 0, int idleMinute = 0,
        Presence presence = Presence.Available, Dictionary<string, int>? skills = null, long version = 1) =>
        new(id, presence, skills ?? new Dictionary<string, int>(),
            new Dictionary<WorkKind, int> { [WorkKind.Social] = social, [WorkKind.Chat] = chat }, load, social + chat + load,
            T0.AddMinutes(idleMinute), version);
}
