namespace Engine.Gateway.Security;

/// <summary>The roles a person or key holds within one tenant.</summary>
public static class EngineRoles
{
    public const string Agent = "agent";
    public const string Supervisor = "supervisor";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";
    public const string Integration = "integration";

    /// <summary>A web-chat visitor: never a person of the tenant, so not in <see cref="All"/> and in no staff policy.</summary>
    public const string Customer = "customer";

    public static readonly IReadOnlyList<string> All = [Agent, Supervisor, Reviewer, Admin, Integration];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>Named authorization policies: which roles may do what. Every tenant-scoped endpoint names one.</summary>
public static class EnginePolicies
{
    /// <summary>Read conversations, agents and queues: anyone working the tenant's desk.</summary>
    public const string Read = "read";

    /// <summary>Work conversations: reply, note, change status, accept offers.</summary>
    public const string Desk = "desk";

    /// <summary>Watch and steer the floor: feeds, reports, assignment, agents' presence.</summary>
    public const string Supervise = "supervise";

    /// <summary>Approve or reject drafts of public replies.</summary>
    public const string Review = "review";

    /// <summary>Change configuration: people, keys, queues, policies.</summary>
    public const string Administer = "administer";

    /// <summary>Push messages in from an integration.</summary>
    public const string Ingest = "ingest";

    /// <summary>Chat as a web-chat visitor: only a visitor's token.</summary>
    public const string WebChat = "webchat";

    /// <summary>Create tenants: only the platform operator's key.</summary>
    public const string Operate = "operate";

    internal static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [Read] = [EngineRoles.Agent, EngineRoles.Supervisor, EngineRoles.Reviewer, EngineRoles.Admin],
        [Desk] = [EngineRoles.Agent, EngineRoles.Supervisor, EngineRoles.Admin],
        [Supervise] = [EngineRoles.Supervisor, EngineRoles.Admin],
        [Review] = [EngineRoles.Reviewer, EngineRoles.Admin],
        [Administer] = [EngineRoles.Admin],
        [Ingest] = [EngineRoles.Integration, EngineRoles.Admin],
        [WebChat] = [EngineRoles.Customer],
    };
}
