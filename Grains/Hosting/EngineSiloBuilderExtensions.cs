namespace Engine.Hosting;

using Engine.Conversations;
using Engine.Persistence;
using Engine.Routing;
using Engine.Persistence.Postgres;
using Engine.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

/// <summary>The one place that says how an engine silo is built, used by the Silo host, the Gateway's embedded mode and tests.</summary>
public static class EngineSiloBuilderExtensions
{
    /// <summary>
    /// Adds the engine's services. Stores a host already chose (SQLite, PostgreSQL) are kept; whatever is still
    /// missing falls back to memory, per the <c>Storage</c> section when one is given.
    /// </summary>
    public static ISiloBuilder AddEngine(this ISiloBuilder silo, IConfiguration? configuration = null)
    {
        var options = silo.Services.AddOptions<EngineOptions>();
        if (configuration is not null)
            options.Bind(configuration.GetSection(EngineOptions.Section));

        silo.Services.AddOptions<Orleans.Configuration.GrainCollectionOptions>()
            .Configure<IOptions<EngineOptions>>((collection, engine) => HelperCollection.Apply(collection, engine.Value));

        // Orleans' directory cache, less the addresses of activations that have gone (LiveGrainDirectoryCache).
        silo.Services.Configure<Orleans.Configuration.GrainDirectoryOptions>(
            o => o.CachingStrategy = Orleans.Configuration.GrainDirectoryOptions.CachingStrategyType.Custom);
        silo.Services.TryAddSingleton<Orleans.Runtime.GrainDirectory.IGrainDirectoryCache>(services => new LiveGrainDirectoryCache(
            services, services.GetRequiredService<IOptions<Orleans.Configuration.GrainDirectoryOptions>>().Value));

        var delivery = silo.Services.AddOptions<Engine.Delivery.DeliveryOptions>();
        if (configuration is not null)
            delivery.Bind(configuration.GetSection(Engine.Delivery.DeliveryOptions.Section));

        var storage = configuration?.GetSection(EngineStorageOptions.Section).Get<EngineStorageOptions>() ?? new();
        if (string.Equals(storage.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
            silo.AddEngineSqlite(storage.DataDirectory, configuration);
        else if (storage.Provider is not ("memory" or "postgres"))
            throw new InvalidOperationException($"Storage:Provider must be 'memory', 'sqlite' or 'postgres', not '{storage.Provider}'.");

        // The Orleans dashboard's grains and profiler; the Gateway serves its pages to admins at /orleans.
        // Its counters are sampled every 5 s rather than Orleans' 1 s: each sample walks the silo's whole grain
        // directory cache, which cost a loaded silo about a tenth of its CPU at 1 s (docs/RELIABILITY.md).
        if (configuration?.GetValue("Dashboard:Enabled", true) ?? true)
            silo.AddDashboard(o => o.CounterUpdateIntervalMs = configuration?.GetValue("Dashboard:CounterUpdateIntervalMs", 5_000) ?? 5_000);

        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<StoredPayloads>();
        // Traces continue across grain calls (when something listens, e.g. OpenTelemetry).
        silo.AddActivityPropagation();
        // Store failures leave grains as a type every caller can deserialize (a 503 at the Gateway, not a 500).
        silo.AddIncomingGrainCallFilter<StoreFailureFilter>();
        // ...and where one escapes the filter (a failed activation), Npgsql's own exceptions still serialize.
        silo.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        silo.Services.TryAddSingleton<GrainReferences>();
        silo.Services.TryAddSingleton<MessageThreads>();
        silo.Services.TryAddSingleton<ThreadRoutes>();
        // Only the bench's StoreFloorGrain asks for it, and only the Gateway's bench endpoints call that grain.
        silo.Services.TryAddSingleton<Engine.Benchmarking.StoreFloor>();
        silo.Services.TryAddSingleton<RoutingDirectory>();
        silo.Services.TryAddSingleton<Engine.Sla.SlaDirectory>();
        silo.Services.TryAddSingleton<Engine.Approval.ApprovalDirectory>();
        if (!silo.Services.Any(d => d.ServiceType == typeof(Engine.Delivery.DeliverySender)))
        {
            silo.Services.AddSingleton<Engine.Delivery.DeliverySender>();
            Engine.Delivery.DeliverySender.AddClient(silo.Services);
        }
        silo.Services.TryAddSingleton<Engine.Insight.RiskDirectory>();
        silo.Services.TryAddSingleton<Engine.Realtime.LegacyStreamCheck>();
        silo.Services.TryAddSingleton<Engine.Telemetry.LiveGauges>();
        // Every silo makes sure the one census grain runs (idempotent); not awaited, so a slow cluster never holds up start-up.
        silo.AddStartupTask((services, _) =>
        {
            services.GetRequiredService<IGrainFactory>().GetGrain<IConversationCensusGrain>(0).Start().Ignore();
            return Task.CompletedTask;
        });
        silo.Services.TryAddSingleton<IConversationStore, InMemoryConversationStore>();
        silo.Services.TryAddSingleton<IQueueStore, InMemoryQueueStore>();
        silo.Services.TryAddSingleton<Engine.Realtime.IRealtimeStreamStore, Engine.Realtime.InMemoryRealtimeStreamStore>();
        if (!HasEngineGrainStorage(silo.Services))
            silo.AddMemoryGrainStorage(EngineStorage.Name);
        if (!silo.Services.Any(d => d.ServiceType == typeof(IReminderTable)))
            silo.UseInMemoryReminderService();
        return silo;
    }

    /// <summary>
    /// The embedded durable store: conversations, grain state and reminders in one SQLite file; writes use group
    /// commit unless <c>Storage:Sqlite:GroupCommit</c> is false.
    /// </summary>
    public static ISiloBuilder AddEngineSqlite(this ISiloBuilder silo, string dataDirectory, IConfiguration? configuration = null)
    {
        if (silo.Services.Any(d => d.ServiceType == typeof(SqliteDatabase)))
            return silo;
        var sqlite = silo.Services.AddOptions<SqliteStoreOptions>();
        if (configuration is not null)
            sqlite.Bind(configuration.GetSection(SqliteStoreOptions.Section));
        // Made by the container (not handed in built), so the container disposes it: that drains the group writer
        // after the silo has stopped and its grains have written their last state.
        silo.Services.AddSingleton(services => new SqliteDatabase(dataDirectory, services.GetRequiredService<IOptions<SqliteStoreOptions>>().Value));
        silo.Services.TryAddSingleton<StoredPayloads>();
        silo.Services.AddSingleton<IConversationStore, SqliteConversationStore>();
        silo.Services.AddSingleton<IQueueStore, SqliteQueueStore>();
        silo.Services.AddSingleton<Engine.Realtime.IRealtimeStreamStore, SqliteRealtimeStreamStore>();
        silo.Services.AddGrainStorage(EngineStorage.Name, (services, _) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(services));
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return silo;
    }

    /// <summary>
    /// Conversation events, snapshots and list rows (schema scripts 0005, 0009), queue partitions (0007) and
    /// real-time streams (0010, 0011) on PostgreSQL; conversation and stream appends use group commit unless
    /// <c>Storage:Postgres:GroupCommit</c> is false.
    /// </summary>
    public static ISiloBuilder AddPostgresStores(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.AddPostgresStores(connectionString);
        return silo;
    }

    /// <summary>The stores of <see cref="AddPostgresStores(ISiloBuilder, string)"/> in any container: a silo's, or a
    /// client-mode Gateway's for its benchmark floor (the same writers, so the floor writes as a silo does).</summary>
    public static IServiceCollection AddPostgresStores(this IServiceCollection services, string connectionString)
    {
        var builder = Engine.Persistence.Postgres.PostgresConnections.Tuned(connectionString);
        services.AddSingleton(_ => NpgsqlDataSource.Create(builder.ConnectionString));
        services.TryAddSingleton<StoredPayloads>();
        services.AddOptions<PostgresStoreOptions>().BindConfiguration(PostgresStoreOptions.Section);
        services.AddSingleton(provider => new GroupCommitWriter(
            provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<IOptions<PostgresStoreOptions>>().Value));
        services.AddSingleton<IConversationStore>(provider => new PostgresConversationStore(
            provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<StoredPayloads>(),
            provider.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.GroupCommit ? provider.GetRequiredService<GroupCommitWriter>() : null));
        services.AddSingleton<IQueueStore, PostgresQueueStore>();
        services.AddSingleton(provider => new RealtimeGroupWriter(
            provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<IOptions<PostgresStoreOptions>>().Value));
        services.AddSingleton<Engine.Realtime.IRealtimeStreamStore>(provider => new PostgresRealtimeStreamStore(
            provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<StoredPayloads>(),
            provider.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.GroupCommit ? provider.GetRequiredService<RealtimeGroupWriter>() : null));
        return services;
    }

    private static bool HasEngineGrainStorage(IServiceCollection services) =>
        services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, EngineStorage.Name));
}
