namespace Engine.Tests.Sla;

using Engine.Conversations;
using Engine.Sla;
using Engine.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

/// <summary>SLA clocks inside the conversation grain: the fixture clock is moved by hand and the wake-up its timer or
/// reminder would run is called directly, so timing is exact and deterministic.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SlaGrainTests(ClusterFixture fixture)
{
    private readonly string _tenant = $"s{Guid.NewGuid():N}"[..12];
    private IInboundGrain Inbound => fixture.Client.GetGrain<IInboundGrain>(0);
    private ITenantSlaGrain Sla => fixture.Client.GetGrain<ITenantSlaGrain>(_tenant);

    private static readonly SlaPolicy FirstResponseHour = new("x-public", new SlaMatch(ChannelKind.X, Visibility.Public),
        new SlaTargets(FirstResponse: TimeSpan.FromHours(1)),
        OnWarning: [new SlaAction(SlaActionKind.AddLabel, "at-risk")],
        OnBreach: [new SlaAction(SlaActionKind.RaisePriority), new SlaAction(SlaActionKind.NotifySupervisors)]);

    private InboundMessage Message(string id, AuthorKind kind = AuthorKind.Customer, string author = "x:100",
        Visibility visibility = Visibility.Public, ChannelKind channel = ChannelKind.X, string? threadKey = null, string? parent = null) => new(
        _tenant, channel, visibility, id, new MessageAuthor(kind, author), $"text {id}",
        fixture.Clock.GetUtcNow(), fixture.Clock.GetUtcNow(), threadKey, parent);

    private IConversationGrain Conversation(Guid id) => fixture.Client.GetGrain<IConversationGrain>(id);

    private async Task<ConversationView> View(Guid id) =>
        await Conversation(id).Get(_tenant) ?? throw new Xunit.Sdk.XunitException("missing");

    /// <summary>
    /// Moving the fake clock also ages messages in flight (Orleans times them out by it), so first let the conversation's
    /// unawaited hand-off to its queue land.
    /// </summary>
    private async Task Settle(Guid id)
    {
        var view = await View(id);
        if (view.QueueId is not { } queue) return;
        var partition = fixture.Client.GetGrain<Engine.Routing.IQueueGrain>(Engine.Routing.QueueKeys.Partition(_tenant, queue, 0));
        for (var i = 0; i < 100 && !(await partition.Held()).Contains(id); i++)
            await Task.Delay(20);
    }

    private async Task<ConversationView> AdvanceAndWake(Guid id, TimeSpan by)
    {
        await Settle(id);
        fixture.Clock.Advance(by);
        await Conversation(id).Wake();
        return await View(id);
    }

    [Fact]
    public async Task A_waiting_customer_is_warned_at_75_percent_and_breached_at_the_goal_once_each_with_the_policy_actions()
    {
        await Sla.SetPolicies([FirstResponseHour]);
        var counted = new List<string>();
        using var meters = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "engine.sla.events") listener.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var t = tags.ToArray();
            if (t.Any(x => x.Key == "engine.tenant" && (string?)x.Value == _tenant))
                lock (counted) counted.Add((string)t.Single(x => x.Key == "engine.sla.kind").Value!);
        });
        meters.Start();
        var start = fixture.Clock.GetUtcNow();
        var id = (await Inbound.Accept(Message("w1"))).ConversationId;

        var view = await AdvanceAndWake(id, TimeSpan.FromMinutes(44));
        var first = Assert.Single(view.Sla!.Targets);
        Assert.Equal("x-public", view.Sla.Policy);
        Assert.Equal(SlaState.Running, first.State);
        Assert.Equal(start.AddMinutes(45), first.WarningAt);
        Assert.Equal(start.AddHours(1), first.BreachAt);
        Assert.Empty(view.SlaEvents!);

        view = await AdvanceAndWake(id, TimeSpan.FromMinutes(2));
        await Conversation(id).Wake();
        view = await View(id);
        var warning = Assert.Single(view.SlaEvents!);
        Assert.Equal(("warning", SlaTarget.FirstResponse), (warning.Kind, warning.Target));
        Assert.Equal(["at-risk"], view.Labels!);
        Assert.Equal(Priority.Normal, view.Priority);

        view = await AdvanceAndWake(id, TimeSpan.FromMinutes(15));
        await Conversation(id).Wake();
        view = await View(id);
        var breach = Assert.Single(view.SlaEvents!, e => e.Kind == "breach");
        Assert.Equal(TimeSpan.FromMinutes(1), breach.MissedBy);
        Assert.Equal(TimeSpan.FromHours(1), breach.Goal);
        Assert.Equal(Priority.High, view.Priority);
        Assert.Single(view.SlaEvents!, e => e.Kind == "supervisors-notified");
        Assert.Equal(SlaState.Breached, view.Sla!.Targets.Single().State);
        Assert.Equal(TimeSpan.FromMinutes(1), view.Sla.Targets.Single().MissedBy);

        lock (counted) Assert.Equal(["warning", "breach"], counted);

        // The notification reached the tenant's supervisor feed, once, however often the conversation woke.
        await Conversation(id).Wake();
        var feed = await fixture.Client.GetGrain<Engine.Feed.ISupervisorFeedGrain>(_tenant).After(0, 100);
        var alert = Assert.Single(feed.Events);
        Assert.Equal(("sla", id), (alert.Kind, alert.ConversationId));
        Assert.Contains("x-public", alert.Text);
    }

    [Fact]
    public async Task A_reply_before_the_goal_meets_the_target_and_no_breach_is_recorded()
    {
        await Sla.SetPolicies([FirstResponseHour]);
        var id = (await Inbound.Accept(Message("r1"))).ConversationId;
        await Settle(id);
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        await Conversation(id).Reply(_tenant, new AgentReply(1, "agent-1", "on it"));

        var view = await AdvanceAndWake(id, TimeSpan.FromHours(2));

        Assert.Equal(SlaState.Met, view.Sla!.Targets.Single().State);
        Assert.Empty(view.SlaEvents!);
    }

    [Fact]
    public async Task A_breach_still_fires_after_the_conversation_was_deactivated_before_its_deadline()
    {
        await Sla.SetPolicies([FirstResponseHour with { OnWarning = null, WarnAt = 1 }]);
        var id = (await Inbound.Accept(Message("d1"))).ConversationId;
        var grainId = Conversation(id).GetGrainId();
        var reminders = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();

        // The durable backstop exists before the silo lets go of the conversation.
        var reminder = await WaitFor(() => reminders.ReadRow(grainId, "clock-wake"));
        Assert.NotNull(reminder);

        await Settle(id);
        await fixture.Cluster.DeactivateAsync(Conversation(id));
        fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        // What the reminder's tick does: a fresh activation that finds the deadline passed.
        await Conversation(id).Wake();

        var breach = Assert.Single((await View(id)).SlaEvents!, e => e.Kind == "breach");
        Assert.Equal(TimeSpan.FromMinutes(1), breach.MissedBy);
    }

    [Fact]
    public async Task A_snoozed_conversation_wakes_open_when_its_time_comes()
    {
        var id = (await Inbound.Accept(Message("z1"))).ConversationId;
        var until = fixture.Clock.GetUtcNow().AddHours(3);
        var outcome = await Conversation(id).ChangeStatus(_tenant, new StatusChange(ConversationStatus.Snoozed, "agent-1", "after lunch", until));
        Assert.True(outcome.Succeeded);
        Assert.Equal(until, (await View(id)).SnoozedUntil);

        var view = await AdvanceAndWake(id, TimeSpan.FromHours(2));
        Assert.Equal(ConversationStatus.Snoozed, view.Status);

        view = await AdvanceAndWake(id, TimeSpan.FromHours(1));
        Assert.Equal(ConversationStatus.Open, view.Status);
        Assert.Null(view.SnoozedUntil);
        Assert.Equal("snooze ended", view.StatusHistory[^1].Reason);
        Assert.NotNull(view.QueueId);
    }

    [Fact]
    public async Task A_snooze_in_the_past_is_refused_naming_until()
    {
        var id = (await Inbound.Accept(Message("z2"))).ConversationId;
        var outcome = await Conversation(id).ChangeStatus(_tenant,
            new StatusChange(ConversationStatus.Snoozed, "agent-1", null, fixture.Clock.GetUtcNow().AddMinutes(-1)));
        Assert.Equal("until", outcome.Error?.Field);
    }

    [Fact]
    public async Task Pending_on_the_customer_too_long_auto_resolves_and_the_customer_reopens_it_within_the_window()
    {
        await Sla.SetAutoResolveAfter(TimeSpan.FromHours(48));
        var id = (await Inbound.Accept(Message("a1"))).ConversationId;
        await Conversation(id).Reply(_tenant, new AgentReply(1, "agent-1", "anything else?"));

        var view = await AdvanceAndWake(id, TimeSpan.FromHours(47));
        Assert.Equal(ConversationStatus.Pending, view.Status);
        view = await AdvanceAndWake(id, TimeSpan.FromHours(1));
        Assert.Equal(ConversationStatus.Resolved, view.Status);
        Assert.StartsWith("auto-resolved", view.StatusHistory[^1].Reason);

        await Settle(id);
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var again = await Inbound.Accept(Message("a2", parent: "a1"));
        Assert.Equal(id, again.ConversationId);
        Assert.Equal(ConversationStatus.Open, (await View(id)).Status);
    }

    [Fact]
    public async Task A_breach_that_says_requeue_moves_the_conversation_to_the_named_queue()
    {
        await Sla.SetPolicies([FirstResponseHour with { OnWarning = null, OnBreach = [new SlaAction(SlaActionKind.Requeue, "escalations")] }]);
        var id = (await Inbound.Accept(Message("q1"))).ConversationId;
        Assert.Equal("general", (await View(id)).QueueId);

        var view = await AdvanceAndWake(id, TimeSpan.FromMinutes(61));

        Assert.Equal("escalations", view.QueueId);
        Assert.Equal(ConversationDecisions.SlaActor, view.RoutingHistory![^1].By);
        await Settle(id);
    }

    [Fact]
    public async Task A_breach_that_says_requeue_to_a_tier_escalates_the_conversation()
    {
        await Sla.SetPolicies([FirstResponseHour with { OnWarning = null, OnBreach = [new SlaAction(SlaActionKind.Requeue, "tier:2")] }]);
        var id = (await Inbound.Accept(Message("q2"))).ConversationId;

        var view = await AdvanceAndWake(id, TimeSpan.FromMinutes(61));

        Assert.Equal(2, view.Tier);
        Assert.Equal("general", view.QueueId);
        Assert.Contains(view.RoutingHistory!, r => r.Kind == "escalated" && r.By == ConversationDecisions.SlaActor);
        await Settle(id);
    }

    [Fact]
    public async Task A_queue_with_its_own_business_hours_replaces_the_policys_calendar()
    {
        // The policy's calendar is open one hour a day; the general queue's all day, so the goal ends an hour from now.
        var everyDay = Enum.GetValues<DayOfWeek>();
        var policyHours = new BusinessHours("UTC", everyDay.Select(d => new BusinessPeriod(d, TimeSpan.Zero, TimeSpan.FromHours(1))).ToList());
        var queueHours = new BusinessHours("UTC", everyDay.Select(d => new BusinessPeriod(d, TimeSpan.Zero, TimeSpan.FromHours(24))).ToList());
        await Sla.SetPolicies([FirstResponseHour with { BusinessHours = policyHours, OnWarning = null }]);
        var start = fixture.Clock.GetUtcNow();
        var id = (await Inbound.Accept(Message("h1"))).ConversationId;
        Assert.NotEqual(start.AddHours(1), (await View(id)).Sla!.Targets.Single().BreachAt);

        await Sla.SetQueueHours("general", queueHours);

        Assert.Equal(start.AddHours(1), (await View(id)).Sla!.Targets.Single().BreachAt);
        await Settle(id);
    }

    private static async Task<T?> WaitFor<T>(Func<Task<T?>> read) where T : class
    {
        for (var i = 0; i < 50; i++)
        {
            if (await read() is { } found) return found;
            await Task.Delay(50);
        }
        return null;
    }
}
