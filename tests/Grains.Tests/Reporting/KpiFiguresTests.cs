namespace Engine.Tests.Reporting;

using Engine.Approval;
using Engine.Conversations;
using Engine.Reporting;
using Engine.Sla;

/// <summary>Grouping by queue and agent, SLA compliance per target and approval wait, with exact numbers.</summary>
public sealed class KpiFiguresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = T0.AddMinutes(60);
    private static readonly ClockView NoClock = new(null, [], null, TimeSpan.Zero, TimeSpan.Zero, 0, 0);

    private static MessageView Message(int minute, AuthorKind kind, string identity) =>
        new($"m{minute}-{identity}", new MessageAuthor(kind, identity), kind.Direction(), "text",
            T0.AddMinutes(minute), T0.AddMinutes(minute), null, [], minute);

    private static SlaTargetStatus Target(SlaTarget target, SlaState state) =>
        new(target, TimeSpan.FromMinutes(15), TimeSpan.Zero, state, null, null, null);

    private static SlaEventView Breach(SlaTarget target, int minute) =>
        new("breach", target, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(16), TimeSpan.FromMinutes(1), "p", T0.AddMinutes(minute));

    private static DraftView Draft(string agent, int drafted, int? decided, string status) =>
        new(Guid.NewGuid(), DraftKind.Reply, 1, agent, "text", [], [], T0.AddMinutes(drafted), status,
            decided is null ? null : "sup", decided is null ? null : T0.AddMinutes(decided.Value));

    private static ConversationView Conversation(string? queue, string? assignee, MessageView[] messages, SlaTargetStatus[] targets,
        SlaEventView[]? events = null, DraftView[]? drafts = null)
    {
        var thread = new ThreadView(1, ChannelKind.X, Visibility.Public, "k", messages[0].PlatformTimestamp, messages, NoClock);
        return new ConversationView(Guid.NewGuid(), "t", null, ConversationStatus.Pending, Priority.Normal, assignee, T0, T0, null,
            [thread], [], [], NoClock, messages.Length, QueueId: queue, Sla: new SlaView("p", targets), SlaEvents: events, Drafts: drafts);
    }

    // A: billing, assigned to ann; ann and bob reply; first response met, next response breached; two drafts decided in range.
    private static readonly ConversationView A = Conversation("billing", "ann",
        [Message(0, AuthorKind.Customer, "x:1"), Message(5, AuthorKind.Agent, "ann"), Message(10, AuthorKind.Agent, "bob"),
         Message(20, AuthorKind.Customer, "x:1"), Message(50, AuthorKind.Agent, "bob")],
        [Target(SlaTarget.FirstResponse, SlaState.Met), Target(SlaTarget.NextResponse, SlaState.Breached),
         Target(SlaTarget.Resolution, SlaState.Running)],
        [Breach(SlaTarget.NextResponse, 36)],
        [Draft("bob", 30, 40, "approved"), Draft("ann", 45, 47, "rejected"), Draft("ann", 55, null, "pending"),
         Draft("bob", 10, 70, "approved")]); // decided after the range

    // B: no queue, unassigned; a bot answers; first response shows met now but a breach was recorded, so it is missed.
    private static readonly ConversationView B = Conversation(null, null,
        [Message(1, AuthorKind.Customer, "x:2"), Message(2, AuthorKind.Bot, "bot")],
        [Target(SlaTarget.FirstResponse, SlaState.Met), Target(SlaTarget.Resolution, SlaState.Met)],
        [Breach(SlaTarget.FirstResponse, 17)]);

    // C: nothing in the range, so its met targets do not count.
    private static readonly ConversationView C = Conversation("billing", "ann",
        [Message(200, AuthorKind.Customer, "x:3"), Message(201, AuthorKind.Agent, "ann")],
        [Target(SlaTarget.FirstResponse, SlaState.Met)]);

    [Fact]
    public void Sla_compliance_counts_decided_targets_of_active_conversations_and_a_recorded_breach_is_a_miss()
    {
        var row = Assert.Single(KpiCalculator.Report("t", [A, B, C], T0, To, KpiGrouping.None).Rows);

        Assert.Equal(new SlaCompliance(2, 1, 0.5), row.FirstResponseSla);
        Assert.Equal(new SlaCompliance(1, 0, 0.0), row.NextResponseSla);
        Assert.Equal(new SlaCompliance(1, 1, 1.0), row.ResolutionSla);
    }

    [Fact]
    public void Approval_wait_takes_drafts_decided_in_the_range()
    {
        var row = Assert.Single(KpiCalculator.Report("t", [A, B, C], T0, To, KpiGrouping.None).Rows);

        Assert.Equal(1, row.DraftsApproved);
        Assert.Equal(1, row.DraftsRejected);
        Assert.Equal(TimeSpan.FromMinutes(2), row.ApprovalWaitMedian); // nearest rank of {2, 10}
        Assert.Equal(TimeSpan.FromMinutes(10), row.ApprovalWaitP90);
    }

    [Fact]
    public void By_agent_replies_go_to_their_author_drafts_to_their_drafter_and_the_rest_to_the_assignee()
    {
        var rows = KpiCalculator.Report("t", [A, B, C], T0, To, KpiGrouping.Agent).Rows.ToDictionary(r => r.Group);

        Assert.Equal(["ann", "bob", "unassigned"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((1, 2, 1, 1, 0), (rows["ann"].Conversations, rows["ann"].MessagesIn, rows["ann"].MessagesOut,
            rows["ann"].PersonalReplies, rows["ann"].DraftsApproved));
        Assert.Equal(1, rows["ann"].DraftsRejected);
        Assert.Equal(new SlaCompliance(1, 1, 1.0), rows["ann"].FirstResponseSla);
        Assert.Equal((0, 0, 2, 2, 1), (rows["bob"].Conversations, rows["bob"].MessagesIn, rows["bob"].MessagesOut,
            rows["bob"].PersonalReplies, rows["bob"].DraftsApproved));
        Assert.Equal(TimeSpan.FromMinutes(10), rows["bob"].ApprovalWaitMedian);
        Assert.Equal((1, 1, 1, 0), (rows["unassigned"].Conversations, rows["unassigned"].MessagesIn, rows["unassigned"].MessagesOut,
            rows["unassigned"].PersonalReplies));
        Assert.Equal(new SlaCompliance(1, 0, 0.0), rows["unassigned"].FirstResponseSla);
    }

    [Fact]
    public void By_queue_everything_goes_to_the_conversations_queue()
    {
        var rows = KpiCalculator.Report("t", [A, B, C], T0, To, KpiGrouping.Queue).Rows.ToDictionary(r => r.Group);

        Assert.Equal(["billing", "none"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((1, 2, 3), (rows["billing"].Conversations, rows["billing"].MessagesIn, rows["billing"].MessagesOut));
        Assert.Equal((1, 1, 1), (rows["none"].Conversations, rows["none"].MessagesIn, rows["none"].MessagesOut));
        Assert.Equal(new SlaCompliance(1, 1, 1.0), rows["none"].ResolutionSla);
    }
}
