namespace Engine.Tests.Hosting;

using Engine.Persistence.Postgres;
using Engine.Silo.Hosting;
using Npgsql;

public sealed class PostgresConnectionStringTests
{
    private const string Server = "Host=db;Port=5432;Username=engine;Password=secret;Database=engine";

    [Fact]
    public void A_silo_takes_a_bounded_share_of_the_server_connections()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ForSilo(Server, 20));

        Assert.Equal(20, builder.MaxPoolSize);
        Assert.Equal("engine-silo", builder.ApplicationName);
        Assert.Equal("db", builder.Host);
        Assert.Equal("secret", builder.Password);
        Assert.True(builder.NoResetOnClose); // no DISCARD ALL round trip each time a pooled connection goes back
        Assert.Equal(PostgresConnections.AutoPrepared, builder.MaxAutoPrepare); // repeated statements are not planned anew
        Assert.Equal(2, builder.AutoPrepareMinUsages);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("MaxAutoPrepare=5", 5)]
    public void An_operators_prepared_statement_setting_wins(string setting, int expected)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ForSilo($"{Server};{setting}", 20));

        Assert.Equal(expected, builder.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Maximum Pool Size=7")]
    [InlineData("MaxPoolSize=7")]
    public void An_operators_pool_size_wins(string setting)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ForSilo($"{Server};{setting}", 20));

        Assert.Equal(7, builder.MaxPoolSize);
    }
}
