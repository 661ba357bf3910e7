namespace Engine.Tests.Failover;

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;

/// <summary>
/// Three silo processes and one Gateway process in client mode, on loopback, sharing one database: the production
/// programs with membership timeouts shortened so a dead silo is noticed in seconds rather than a minute.
/// </summary>
public sealed class EngineCluster : IAsyncDisposable
{
    private const int Active = 3;
    private readonly string connectionString;
    private IHost? placementClient;
    private IReadOnlyDictionary<string, string> siloSettings = new Dictionary<string, string>();
    private int gatewaysStarted;

    private EngineCluster(string connectionString, string clusterId, string logFolder)
    {
        this.connectionString = connectionString;
        ClusterId = clusterId;
        LogFolder = logFolder;
    }

    public string ClusterId { get; }
    public string LogFolder { get; }
    public List<(ChildProgram Process, int SiloPort)> Silos { get; } = [];
    public ChildProgram? Gateway { get; private set; }
    public Uri GatewayAddress { get; private set; } = null!;

    /// <summary>Set once the test has passed; a failed run keeps its processes' logs for reading.</summary>
    public bool DeleteLogsOnDispose { get; set; }

    /// <param name="siloSettings">Extra configuration for every silo (e.g. <c>Delivery__FirstRetryDelay</c>).</param>
    public static async Task<EngineCluster> StartAsync(string connectionString, int siloCount = 3,
        IReadOnlyDictionary<string, string>? siloSettings = null)
    {
        var clusterId = $"failover-{Guid.NewGuid():N}"[..21];
        var cluster = new EngineCluster(connectionString, clusterId,
            Directory.CreateTempSubdirectory($"engine-{clusterId}-").FullName) { siloSettings = siloSettings ?? new Dictionary<string, string>() };
        try
        {
            for (var i = 0; i < siloCount; i++)
                cluster.StartSilo(i);
            await cluster.WaitForActiveSilosAsync(siloCount, TimeSpan.FromSeconds(60));
            cluster.StartGateway();
            await cluster.WaitForGatewayAsync(TimeSpan.FromSeconds(60));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Conversation ids whose activations live on the silo listening on <paramref name="siloPort"/>.</summary>
    public async Task<HashSet<Guid>> ConversationsOnSiloAsync(int siloPort) =>
        (await GrainsOnSiloAsync(siloPort, "conversation"))
            .Where(g => g.TryGetGuidKey(out _, out _))
            .Select(g => { g.TryGetGuidKey(out var id, out _); return id; })
            .ToHashSet();

    /// <summary>String keys of the grains of a type (e.g. <c>queue</c>, <c>agent</c>) active on the silo listening on <paramref name="siloPort"/>.</summary>
    public async Task<HashSet<string>> GrainKeysOnSiloAsync(int siloPort, string grainType) =>
        (await GrainsOnSiloAsync(siloPort, grainType)).Select(g => g.Key.ToString()!).ToHashSet();

    private async Task<IEnumerable<GrainId>> GrainsOnSiloAsync(int siloPort, string grainType)
    {
        placementClient ??= await StartPlacementClientAsync();
        var management = placementClient.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var silo = (await management.GetHosts(onlyActive: true)).Keys.Single(s => s.Endpoint.Port == siloPort);
        var grains = await management.GetDetailedGrainStatistics(hostsIds: [silo]);
        return grains.Select(g => g.GrainId).Where(g => g.Type.ToString() == grainType);
    }

    public async Task<int?> MembershipStatusAsync(int siloPort)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Port = @port ORDER BY Generation DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("cluster", ClusterId);
        command.Parameters.AddWithValue("port", siloPort);
        return (int?)await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Transactions the cluster's database has committed so far (<c>pg_stat_database.xact_commit</c>, which the server
    /// updates up to a second late), to divide by the messages of a window.
    /// </summary>
    public async Task<long> CommittedTransactionsAsync()
    {
        // A connection of its own: a pooled one may be a dead one from before a PostgreSQL restart of the same test class.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Grain state rows whose string key ends with <paramref name="keySuffix"/>, to explain a routing problem.</summary>
    public async Task<string> StoredGrainStateAsync(string keySuffix)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT GrainTypeString || ' ' || GrainIdExtensionString || ' v' || Version || ' at ' || to_char(ModifiedOn, 'HH24:MI:SS.MS') " +
            "FROM OrleansStorage WHERE GrainIdExtensionString LIKE '%' || @suffix", connection);
        command.Parameters.AddWithValue("suffix", keySuffix);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows.Count == 0 ? "no stored state" : string.Join("; ", rows);
    }

    /// <summary>The running silo and Gateway processes.</summary>
    public IEnumerable<int> ProcessIds() =>
        Silos.Select(s => s.Process).Append(Gateway).OfType<ChildProgram>().Where(p => !p.HasExited).Select(p => p.Id);

    /// <summary>Every process's last lines, for an assertion message.</summary>
    public string Diagnostics() =>
        $"logs in {LogFolder}\n" + string.Join("\n", Silos.Select(s => s.Process.Tail()).Append(Gateway?.Tail() ?? ""));

    public async ValueTask DisposeAsync()
    {
        if (placementClient is not null)
        {
            try { await placementClient.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token); }
            catch (Exception e) when (e is OperationCanceledException or OrleansException) { }
            placementClient.Dispose();
        }
        Gateway?.Dispose();
        foreach (var (silo, _) in Silos)
            silo.Dispose();
        // ENGINE_TEST_KEEP_LOGS=1 keeps them for a look at a passing run (a benchmark's timeline).
        if (DeleteLogsOnDispose && Environment.GetEnvironmentVariable("ENGINE_TEST_KEEP_LOGS") != "1")
            Directory.Delete(LogFolder, recursive: true);
    }

    private void StartSilo(int index)
    {
        var siloPort = FreePorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["Cluster__ConnectionString"] = connectionString,
            ["Cluster__ClusterId"] = ClusterId,
            ["Cluster__ServiceId"] = "engine-failover",
            ["Cluster__SiloPort"] = siloPort.ToString(),
            ["Cluster__GatewayPort"] = FreePorts.Next().ToString(),
            ["Cluster__Loopback"] = "true",
            ["Cluster__MaxPoolSize"] = "10",
            // Probe every second and suspect after 3 misses; both survivors vote, so a dead silo is out in seconds.
            ["Cluster__Membership__ProbeTimeout"] = "00:00:01",
            ["Cluster__Membership__NumMissedProbesLimit"] = "3",
            ["Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
            ["Cluster__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
            ["Cluster__Membership__DeathVoteExpirationTimeout"] = "00:00:20",
            ["Logging__LogLevel__Orleans"] = "Warning",
        };
        foreach (var (key, value) in siloSettings)
            environment[key] = value;
        Silos.Add((ChildProgram.Start($"silo{index}", ChildProgram.SiloDll, ["run"], environment, LogFolder), siloPort));
    }

    /// <summary>The platform operator's key given to the gateway, so the test can act in any tenant.</summary>
    private static readonly string OperatorKey = $"failover-operator-{Guid.NewGuid():N}";

    /// <summary>A client of the gateway that authenticates with the operator key.</summary>
    public HttpClient Client(TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = GatewayAddress, Timeout = timeout };
        http.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
        return http;
    }

    /// <summary>
    /// Starts a new Gateway process on the same port after the previous one died (the old one is killed if it still
    /// runs), so clients follow without a change of address. Returns once the new process is started, not ready.
    /// </summary>
    public void StartReplacementGateway()
    {
        Gateway?.Dispose();
        StartGateway(GatewayAddress.Port);
    }

    private void StartGateway(int? samePort = null)
    {
        var port = samePort ?? FreePorts.Next();
        GatewayAddress = new Uri($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string>
        {
            ["Cluster__Mode"] = "client",
            ["Cluster__ConnectionString"] = connectionString,
            ["Cluster__ClusterId"] = ClusterId,
            ["Cluster__ServiceId"] = "engine-failover",
            // Re-read the live gateways often, so a dead silo stops being tried soon after it is voted out.
            ["Cluster__Client__GatewayListRefreshPeriod"] = "00:00:02",
            ["Cluster__Client__ResponseTimeout"] = "00:00:10",
            ["Auth__OperatorKey"] = OperatorKey,
            // One key drives the whole load: the per-key and per-tenant buckets (200 and 2,000/s) would answer 429
            // long before the cluster is saturated. Rate limiting has tests of its own (Gateway.Tests/Limits).
            ["RateLimits__CallerPerSecond"] = "1000000",
            ["RateLimits__CallerBurst"] = "1000000",
            ["RateLimits__TenantPerSecond"] = "1000000",
            ["RateLimits__TenantBurst"] = "1000000",
        };
        var name = gatewaysStarted++ == 0 ? "gateway" : $"gateway{gatewaysStarted}";
        Gateway = ChildProgram.Start(name, ChildProgram.GatewayDll, ["--urls", GatewayAddress.ToString()], environment, LogFolder);
    }

    private async Task WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        await Eventually.TrueAsync(async () =>
        {
            if (Silos.FirstOrDefault(s => s.Process.HasExited) is { Process: { } exited })
                throw new InvalidOperationException($"{exited.Name} exited while starting.\n{exited.Tail()}");
            var statuses = await Task.WhenAll(Silos.Select(s => MembershipStatusAsync(s.SiloPort)));
            return statuses.Count(s => s == Active) == count;
        }, timeout, $"the {count} silos never became active\n{Diagnostics()}");
    }

    /// <summary>Ready when the Gateway answers a conversation lookup, which goes through a grain in the cluster.</summary>
    private async Task WaitForGatewayAsync(TimeSpan timeout)
    {
        using var http = Client(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(async () =>
        {
            if (Gateway!.HasExited)
                throw new InvalidOperationException($"the gateway exited while starting.\n{Gateway.Tail()}");
            try
            {
                using var response = await http.GetAsync($"/api/v1/tenants/ready/conversations/{Guid.NewGuid()}");
                return response.StatusCode == HttpStatusCode.NotFound;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, timeout, $"the gateway never answered\n{Diagnostics()}");
    }

    private async Task<IHost> StartPlacementClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => { o.ClusterId = ClusterId; o.ServiceId = "engine-failover"; });
            client.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = connectionString; });
        });
        var host = builder.Build();
        await host.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return host;
    }
}
