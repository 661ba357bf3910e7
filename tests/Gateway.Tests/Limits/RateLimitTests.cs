namespace Engine.Tests.Limits;

using System.Net;
using Engine.Tests.Security;

public sealed class RateLimitTests : IClassFixture<RateLimitTests.TightEngine>
{
    /// <summary>Tiny buckets that refill slowly, so a handful of requests reaches each limit.</summary>
    public sealed class TightEngine : SecuredEngine
    {
        public TightEngine()
        {
            With("RateLimits:CallerBurst", "3");
            With("RateLimits:CallerPerSecond", "1");
            With("RateLimits:TenantBurst", "7");
            With("RateLimits:TenantPerSecond", "1");
        }
    }

    private readonly TightEngine _engine;

    public RateLimitTests(TightEngine engine) => _engine = engine;

    [Fact]
    public async Task A_caller_over_its_rate_gets_429_with_retry_after_while_a_colleague_and_another_tenant_go_on()
    {
        var tenant = $"rl-{Guid.NewGuid():N}"[..12];
        var other = $"rl-{Guid.NewGuid():N}"[..12];
        await _engine.CreateTenant(tenant, ("ann", ["agent"]), ("bob", ["agent"]));
        await _engine.CreateTenant(other, ("cat", ["agent"]));
        using var ann = await _engine.SignIn(tenant, "ann");
        using var bob = await _engine.SignIn(tenant, "bob");
        using var cat = await _engine.SignIn(other, "cat");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            statuses.Add((await ann.GetAsync($"/api/v1/tenants/{tenant}/conversations")).StatusCode);
        var limited = await ann.GetAsync($"/api/v1/tenants/{tenant}/conversations");

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/api/v1/tenants/{tenant}/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cat.GetAsync($"/api/v1/tenants/{other}/conversations")).StatusCode);
    }

    [Fact]
    public async Task A_tenant_over_its_rate_is_limited_whoever_calls_and_health_is_never_limited()
    {
        var tenant = $"rl-{Guid.NewGuid():N}"[..12];
        await _engine.CreateTenant(tenant, ("a1", ["agent"]), ("a2", ["agent"]), ("a3", ["agent"]));
        var people = new List<HttpClient>();
        foreach (var id in new[] { "a1", "a2", "a3" }) people.Add(await _engine.SignIn(tenant, id));

        var statuses = new List<HttpStatusCode>();
        foreach (var http in people)
            for (var i = 0; i < 3; i++)
                statuses.Add((await http.GetAsync($"/api/v1/tenants/{tenant}/conversations")).StatusCode);

        // Nine requests, none over its caller's burst of 3, but together over the tenant's burst of 7.
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        using var anonymous = _engine.Anonymous();
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        people.ForEach(p => p.Dispose());
    }
}
