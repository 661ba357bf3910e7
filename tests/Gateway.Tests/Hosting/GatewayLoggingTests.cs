namespace Engine.Tests.Hosting;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>The Gateway's shipped logging settings (Gateway/appsettings.json), which its embedded silo logs under too.</summary>
[Collection(ApiCollection.Name)]
public sealed class GatewayLoggingTests(EngineApiFactory engine)
{
    [Fact]
    public void Orleans_placement_does_not_log_every_activation_but_warnings_still_show()
    {
        // Orleans 10 places each new activation through a Polly retry pipeline that logs every execution at Information.
        var loggers = engine.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Polly").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Polly").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("Engine.Gateway").IsEnabled(LogLevel.Information));
    }
}
