namespace Engine.Reporting;

using Engine.Conversations;
using Orleans.Concurrency;

/// <summary>
/// Reads a tenant's conversations straight from the store (their events, folded as the conversation grain
/// folds them) rather than activating every conversation; stateless, so any silo computes reports.
/// </summary>
[StatelessWorker]
public sealed class ReportGrain(IConversationStore store, TimeProvider clock) : Grain, IReportGrain
{
    private const int PageSize = 200;

    public async Task<KpiReport> Kpis(string tenant, DateTimeOffset from, DateTimeOffset to, KpiGrouping grouping,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var views = new List<ConversationView>();
        // A conversation last updated before the range had nothing happen in it.
        var query = new ConversationQuery(UpdatedSince: from, Limit: PageSize);
        while (true)
        {
            var page = await store.List(tenant, query, cancellationToken);
            foreach (var summary in page.Items)
            {
                var state = ConversationState.FromLog(summary.Id, await store.Load(summary.Id, cancellationToken));
                if (state.Started) views.Add(ConversationProjection.View(state, now));
            }
            if (page.Next is null) break;
            query = query with { After = page.Next };
        }
        return KpiCalculator.Report(tenant, views, from, to, grouping);
    }
}
