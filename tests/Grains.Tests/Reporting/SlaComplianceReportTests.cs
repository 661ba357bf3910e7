namespace Engine.Tests.Reporting;

using Engine.Conversations;
using Engine.Reporting;
using Engine.Sla;
using Engine.Tests.Hosting;

/// <summary>SLA compliance in the report comes from the targets and breach events the conversation grains recorded.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SlaComplianceReportTests(ClusterFixture fixture)
{
    private readonly string _tenant = $"r{Guid.NewGuid():N}"[..12];
    private IInboundGrain Inbound => fixture.Client.GetGrain<IInboundGrain>(0);

    private InboundMessage Message(string id, string author, AuthorKind kind = AuthorKind.Customer, string? parent = null) => new(
        _tenant, ChannelKind.X, Visibility.Public, id, new MessageAuthor(kind, author), $"text {id}",
        fixture.Clock.GetUtcNow(), fixture.Clock.GetUtcNow(), null, parent);

    private async Task Wake(Guid id)
    {
        await fixture.Client.GetGrain<IConversationGrain>(id).Wake();
        await fixture.Client.GetGrain<IConversationGrain>(id).Wake();
    }

    [Fact]
    public async Task One_first_response_met_and_one_breached_is_half_compliance()
    {
        await fixture.Client.GetGrain<ITenantSlaGrain>(_tenant).SetPolicies([new SlaPolicy("x-public",
            new SlaMatch(ChannelKind.X, Visibility.Public), new SlaTargets(FirstResponse: TimeSpan.FromHours(1)))]);
        var start = fixture.Clock.GetUtcNow();
        var met = (await Inbound.Accept(Message("c1", "x:1"))).ConversationId;
        var late = (await Inbound.Accept(Message("c2", "x:2"))).ConversationId;

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        await Inbound.Accept(Message("b1", "x:brand", AuthorKind.Agent, parent: "c1"));
        fixture.Clock.Advance(TimeSpan.FromMinutes(51));
        await Wake(late);
        await Wake(met);

        var report = await fixture.Client.GetGrain<IReportGrain>(0).Kpis(_tenant, start.AddMinutes(-1), fixture.Clock.GetUtcNow().AddMinutes(1),
            KpiGrouping.None);

        var row = Assert.Single(report.Rows);
        Assert.Equal(new SlaCompliance(2, 1, 0.5), row.FirstResponseSla);
        Assert.Equal(new SlaCompliance(0, 0, null), row.ResolutionSla);
    }
}
