using Engine.Gateway.Approval;
using Engine.Gateway.Audit;
using Engine.Gateway.Benchmarking;
using Engine.Gateway.Canned;
using Engine.Gateway.Channels;
using Engine.Gateway.Customers;
using Engine.Gateway.Agents;
using Engine.Gateway.Conversations;
using Engine.Gateway.Delivery;
using Engine.Gateway.Feed;
using Engine.Gateway.Health;
using Engine.Gateway.Limits;
using Engine.Gateway.Insight;
using Engine.Gateway.Listening;
using Engine.Gateway.Hosting;
using Engine.Gateway.Problems;
using Engine.Gateway.Realtime;
using Engine.Gateway.Reporting;
using Engine.Gateway.Telemetry;
using Engine.Gateway.Routing;
using Engine.Gateway.Sla;
using Engine.Gateway.Security;
using Microsoft.AspNetCore.Http.Json;

var builder = WebApplication.CreateBuilder(args);
var cluster = builder.AddEngineCluster();
builder.AddBareIngestForBenchmarks(cluster);
builder.AddEngineTelemetry();
builder.AddEngineAuth(cluster);
builder.AddEngineRateLimits();
builder.Services.AddEngineHealth();
builder.AddEngineRealtime();

builder.Services.TryAddTimeProvider();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddExceptionHandler<UnavailableExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.Configure<JsonOptions>(o => GatewayJson.Configure(o.SerializerOptions));
builder.Services.AddOpenApi();
builder.Services.Configure<ChannelOptions>(builder.Configuration.GetSection(ChannelOptions.Section));

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestSizeLimit();
app.UseSwaggerUI(ui =>
{
    ui.SwaggerEndpoint("/openapi/v1.json", "Engine API v1");
    ui.RoutePrefix = "docs";
    ui.DocumentTitle = "Engine API";
});
// The web front ends (/app, /wall, /chat) are static files holding no data: served before authentication.
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi().AllowAnonymous();
app.MapGet("/", () => Results.Redirect("/app/")).AllowAnonymous().ExcludeFromDescription();
app.MapAuthApi();
app.MapAuditApi();
app.MapOrleansDashboardForAdmins();
app.MapEngineTelemetry();
app.MapEngineHealth();
app.MapConversationApi();
app.MapReportApi();
app.MapSupervisorFeed();
app.MapChannelWebhooks();
app.MapAgentApi();
app.MapRoutingApi();
app.MapSlaApi();
app.MapApprovalApi();
app.MapCannedResponseApi();
app.MapCustomerApi();
app.MapDeliveryApi();
app.MapRiskApi();
app.MapListeningApi();
app.MapEngineRealtime();
app.MapWebChat();
app.MapBareIngestForBenchmarks();

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogWarning("Engine is serving on {Urls} ({Mode} cluster, {Storage}); API docs at /docs",
        string.Join(", ", app.Urls), cluster.Mode, cluster.StorageDescription));

app.Run();

/// <summary>Entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
