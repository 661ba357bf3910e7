namespace Engine.Gateway.Security;

using System.Security.Cryptography;
using Engine.Agents;
using Engine.Hosting;
using Engine.Routing;
using Engine.Tenants;
using Microsoft.Extensions.Options;

/// <summary>
/// At the embedded engine's first start: a tenant <c>demo</c> with an admin, an agent, a supervisor and a reviewer
/// (agents registered in the default queue) and an integration key. The passwords and key are printed once and kept
/// in the data directory, readable by this user only, so a first look needs no set-up.
/// </summary>
public sealed class DemoTenant(
    IGrainFactory grains,
    IOptions<AuthOptions> auth,
    IOptions<EngineStorageOptions> storage,
    TimeProvider clock,
    ILogger<DemoTenant> logger) : IHostedService
{
    public const string Id = "demo";

    private static readonly (string Id, string Name, string[] Roles)[] People =
    [
        ("admin", "Demo Admin", [EngineRoles.Admin, EngineRoles.Supervisor, EngineRoles.Reviewer, EngineRoles.Agent]),
        ("ava", "Ava (agent)", [EngineRoles.Agent]),
        ("sam", "Sam (supervisor)", [EngineRoles.Supervisor, EngineRoles.Agent]),
        ("rita", "Rita (reviewer)", [EngineRoles.Reviewer]),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!auth.Value.DemoTenant) return;
        var tenant = grains.GetGrain<ITenantGrain>(Id);
        var file = storage.Value.Provider == "sqlite" ? Path.Combine(storage.Value.DataDirectory, "demo-credentials.txt") : null;
        if (!await tenant.Create(new TenantProfile("Demo brand", clock.GetUtcNow())))
        {
            logger.LogWarning("Demo tenant '{Tenant}': sign in at /app with the credentials in {File}", Id, file ?? "the first start's log");
            return;
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        foreach (var (id, name, roles) in People)
            await tenant.PutUser(id, new UserSpec(name, roles), AuthEndpoints.HashPassword(id, password));
        var (keyId, secret, key) = ApiKeys.Create(Id);
        await tenant.AddApiKey(keyId, new ApiKeySpec("Demo integration", [EngineRoles.Integration]), ApiKeys.Digest(secret));

        var queue = (await grains.GetGrain<ITenantRoutingGrain>(Id).Settings()).DefaultQueue;
        foreach (var (id, name, roles) in People.Where(p => p.Roles.Contains(EngineRoles.Agent)))
            await grains.GetGrain<IAgentGrain>(AgentKeys.Agent(Id, id)).SetProfile(new AgentProfile(name,
                new Dictionary<string, int>(), new Dictionary<WorkKind, int> { [WorkKind.Social] = 3, [WorkKind.Chat] = 2, [WorkKind.Email] = 2 }, [queue]));

        var text = $"""
            Demo tenant: {Id}
            People (password for all: {password}): {string.Join(", ", People.Select(p => $"{p.Id} [{string.Join('/', p.Roles)}]"))}
            Integration API key (header X-Api-Key): {key}
            """;
        if (file is not null)
        {
            await File.WriteAllTextAsync(file, text + Environment.NewLine, cancellationToken);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        // Printed once, at the first start, on purpose: it is how a new user gets in.
        logger.LogWarning("First start: created the demo tenant.\n{Credentials}", text);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
