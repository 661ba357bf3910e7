namespace Engine.Tests.Replay;

using System.Net;
using System.Text;
using Engine.Replay;

/// <summary>How the runner counts the engine's answers and retries transient failures, against a scripted server.</summary>
public sealed class ReplayRunnerTests
{
    private static readonly ReplayMessage Message = new("sprintcare", new InboundBody("x", "public", "1", "1", null,
        new InboundAuthor("customer", "x:1", null), "hi", DateTimeOffset.UnixEpoch, null, null));

    /// <summary>Answers each request with the next scripted status, repeating the last one.</summary>
    private sealed class ScriptedEngine(params (HttpStatusCode Status, string Body)[] answers) : HttpMessageHandler
    {
        private int _calls;
        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var (status, body) = answers[Math.Min(Interlocked.Increment(ref _calls), answers.Length) - 1];
            if (status == 0) throw new HttpRequestException("connection refused");
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private const string Accepted = """{"status":"accepted","conversationId":"6f1c3a52-9c2e-4d55-9d0a-2b8c1c0e2a11","threadId":1,"sequence":1,"conversationCreated":true}""";

    private static async Task<(SendTally Tally, int Calls)> SendOnce(params (HttpStatusCode, string)[] answers)
    {
        var engine = new ScriptedEngine(answers);
        var http = new HttpClient(engine) { BaseAddress = new Uri("http://engine/") };
        var tally = await new ReplayRunner(http, new ReplayOptions(MaxAttempts: 3)).Send([Message]);
        return (tally, engine.Calls);
    }

    [Fact]
    public async Task Retries_5xx_and_transport_errors_until_accepted()
    {
        var (tally, calls) = await SendOnce((HttpStatusCode.ServiceUnavailable, "{}"), (0, ""), (HttpStatusCode.Created, Accepted));
        Assert.Equal(3, calls);
        Assert.Equal((1, 1, 2, 0, 0), (tally.Accepted, tally.ConversationsCreated, tally.Retries, tally.Rejected, tally.Failed));
    }

    [Fact]
    public async Task Gives_up_after_the_last_attempt_and_counts_a_failure()
    {
        var (tally, calls) = await SendOnce((HttpStatusCode.InternalServerError, """{"title":"boom"}"""));
        Assert.Equal(3, calls);
        Assert.Equal((0, 1), (tally.Accepted, tally.Failed));
        Assert.Contains("500", Assert.Single(tally.Problems));
    }

    [Fact]
    public async Task A_4xx_is_rejected_at_once_with_its_problem_body()
    {
        var (tally, calls) = await SendOnce((HttpStatusCode.BadRequest, """{"title":"One or more validation errors occurred."}"""));
        Assert.Equal(1, calls);
        Assert.Equal(1, tally.Rejected);
        Assert.Contains("validation errors", Assert.Single(tally.Problems));
    }

    [Fact]
    public async Task A_redelivery_answered_200_duplicate_counts_as_duplicate()
    {
        var (tally, _) = await SendOnce((HttpStatusCode.OK, Accepted.Replace("accepted", "duplicate").Replace("true", "false")));
        Assert.Equal((0, 1, 0), (tally.Accepted, tally.Duplicates, tally.ConversationsCreated));
    }
}
