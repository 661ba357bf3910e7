namespace Engine.Tests.Hosting;

using Engine.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>The silo's shipped logging settings (Silo/appsettings.json, read as a production silo reads it).</summary>
public sealed class SiloLoggingTests
{
    [Fact]
    public void Orleans_placement_does_not_log_every_activation_but_warnings_still_show()
    {
        // Orleans 10 places each new activation through a Polly retry pipeline, and Polly logs every execution at
        // Information: two console lines per activation, 13 % of a loaded silo's CPU samples in the chaos run.
        using var services = EngineSiloHost.CreateBuilder().Services.BuildServiceProvider();
        var polly = services.GetRequiredService<ILoggerFactory>().CreateLogger("Polly");

        Assert.False(polly.IsEnabled(LogLevel.Information));
        Assert.True(polly.IsEnabled(LogLevel.Warning));
        Assert.True(services.GetRequiredService<ILoggerFactory>().CreateLogger("Engine.Conversations").IsEnabled(LogLevel.Information));
    }
}
