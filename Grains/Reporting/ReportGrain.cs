namespace Engine.Reporting;

using Engine.Agents;
using Engine.Conversations;
using Engine.Routing;
using Engine.Sla;
using Orleans.Concurrency;

/// <summary>
/// Reads a tenant's conversations straight from the store (their events, folded as the conversation grain
/// folds them) rather than activating every conversation; stateless, so any silo computes reports.
/// </summary>
[StatelessWorker, Reentrant] // holds no state: calls need not wait for each other
public sealed class ReportGrain(IConversationStore store, TimeProvider clock, SlaDirectory sla) : Grain, IReportGrain
{
    private const int PageSize = 200;

    public async Task<KpiReport> Kpis(string tenant, DateTimeOffset from, DateTimeOffset to, KpiGrouping grouping,
        CancellationToken cancellationToken = default) =>
        KpiCalculator.Report(tenant, await Conversations(tenant, from, clock.GetUtcNow(), cancellationToken), from, to, grouping);

    public async Task<AgentOccupancyReport> Agents(string tenant, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        // Replies by author: an agent's outbound messages in the range.
        var replies = (await Conversations(tenant, from, now, cancellationToken))
            .SelectMany(c => c.Threads).SelectMany(t => t.Messages)
            .Where(m => m.Direction == MessageDirection.Outbound && m.Author.Kind == AuthorKind.Agent
                && m.PlatformTimestamp >= from && m.PlatformTimestamp < to)
            .GroupBy(m => m.Author.Identity, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rows = new List<AgentOccupancyRow>();
        foreach (var agentId in await GrainFactory.GetGrain<ITenantRoutingGrain>(tenant).Agents())
        {
            var log = await GrainFactory.GetGrain<IAgentGrain>(AgentKeys.Agent(tenant, agentId)).Activity();
            rows.Add(AgentOccupancyCalculator.Occupancy(agentId, log, from, to, now, replies.GetValueOrDefault(agentId)));
        }
        return new AgentOccupancyReport(tenant, from, to, rows);
    }

    private async Task<List<ConversationView>> Conversations(string tenant, DateTimeOffset from, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var views = new List<ConversationView>();
        // A conversation last updated before the range had nothing happen in it.
        var query = new ConversationQuery(UpdatedSince: from, Limit: PageSize);
        while (true)
        {
            var page = await store.List(tenant, query, cancellationToken);
            foreach (var summary in page.Items)
            {
                var state = ConversationState.FromLog(summary.Id, await store.Load(summary.Id, cancellationToken));
                if (state.Started) views.Add(ConversationProjection.View(state, now, ConversationProjection.Sla(state, await sla.EvaluatorFor(state), now)));
            }
            if (page.Next is null) break;
            query = query with { After = page.Next };
        }
        return views;
    }
}
