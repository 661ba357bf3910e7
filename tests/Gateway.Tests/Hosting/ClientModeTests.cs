namespace Engine.Tests.Hosting;

using System.Net;
using Engine.Silo.Schema;
using Engine.Tests.Cluster;
using Engine.Tests.Postgres;

/// <summary>The Gateway as a client of a separate silo, finding it through the PostgreSQL membership table.</summary>
public sealed class ClientModeTests
{
    [PostgresFact]
    public async Task Gateway_in_client_mode_reaches_a_silo_found_in_PostgreSQL()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("engine_gateway_test");
        try
        {
            await new SchemaMigrator(connectionString).MigrateAsync();
            var clusterId = $"client-{Guid.NewGuid():N}";
            await using var silo = await PostgresSilo.StartAsync(connectionString, clusterId);

            // The configured gateway port is one nobody listens on: the only way to the silo is the gateway list in
            // the membership table.
            await using var gateway = new EngineApiFactory()
                .With("Cluster:Mode", "client")
                .With("Cluster:ClusterId", clusterId)
                .With("Cluster:ServiceId", silo.Options.ServiceId)
                .With("Cluster:ConnectionString", connectionString)
                .With("Cluster:GatewayPort", FreePorts.Next().ToString());
            using var http = gateway.CreateClient();

            var response = await http.GetAsync("/api/v1/tenants/acme/conversations");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }
}
