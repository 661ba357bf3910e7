namespace Engine.Gateway.Feed;

using Engine.Gateway.Security;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Engine.Feed;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;

/// <summary>
/// The supervisor feed: <c>GET .../supervisor/feed?after=N</c> pages what came after sequence N;
/// <c>GET .../supervisor/feed/stream</c> pushes events as server-sent events whose ids are the sequence numbers, so a
/// reconnecting client (Last-Event-ID) gets exactly the events it missed.
/// </summary>
public static class FeedEndpoints
{
    private const int MaxPage = 500;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    public static IEndpointRouteBuilder MapSupervisorFeed(this IEndpointRouteBuilder app)
    {
        var feed = app.MapGroup("/api/v1/tenants/{tenant}/supervisor")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .RequireAuthorization(EnginePolicies.Supervise).WithTags("Supervisor feed");
        feed.MapGet("/feed", Page).WithName("GetSupervisorFeed").WithSummary("Feed events after a sequence number")
            .Produces<FeedPage>().ProducesValidationProblem();
        feed.MapGet("/feed/stream", Stream).WithName("StreamSupervisorFeed")
            .WithSummary("Feed events as server-sent events (event id = sequence; send Last-Event-ID to resume)");
        return app;
    }

    private static async Task<IResult> Page(string tenant, string? after, string? limit, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        var from = Number(after, "after", 0, long.MaxValue, 0, errors);
        var take = Number(limit, "limit", 1, MaxPage, 100, errors);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        return Results.Ok(await grains.GetGrain<ISupervisorFeedGrain>(tenant).After(from, (int)take));
    }

    private static IResult Stream(string tenant, string? after, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new InputRules.Errors();
        var resumeFrom = request.Headers["Last-Event-ID"].FirstOrDefault() ?? after;
        var from = Number(resumeFrom, "after", 0, long.MaxValue, 0, errors);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        return TypedResults.ServerSentEvents(Events(grains.GetGrain<ISupervisorFeedGrain>(tenant), from, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<FeedEvent>> Events(ISupervisorFeedGrain feed, long after,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await feed.After(after, MaxPage);
            foreach (var e in page.Events)
            {
                yield return new SseItem<FeedEvent>(e, e.Kind) { EventId = e.Sequence.ToString() };
                after = e.Sequence;
            }
            if (page.Events.Count == 0)
            {
                try { await Task.Delay(PollEvery, cancellationToken); }
                catch (OperationCanceledException) { yield break; }
            }
        }
    }

    private static long Number(string? text, string field, long min, long max, long fallback, InputRules.Errors errors)
    {
        if (text is null) return fallback;
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            return n;
        errors.Add(field, $"Must be a whole number from {min} to {max}.");
        return fallback;
    }
}
