namespace Engine.Reporting;

using Engine.Conversations;
using Engine.Sla;

/// <summary>One report group's counters while the calculator walks the conversations.</summary>
internal sealed class KpiTally
{
    public int Conversations, In, Out, InAnswered, WithCustomer, Answered, Resolved, Reopened, Handoffs;
    public int CannedUnedited, CannedEdited, Personal;

    /// <summary>Agents' replies only: bot and system messages are neither canned nor personal.</summary>
    public void CountReply(MessageView message)
    {
        if (message.Author.Kind != AuthorKind.Agent) return;
        if (message.Canned is null) Personal++;
        else if (message.Canned.Unedited) CannedUnedited++;
        else CannedEdited++;
    }
    public List<TimeSpan> FirstResponses { get; } = [];
    public List<TimeSpan> NextResponses { get; } = [];
    private readonly int[] _slaDecided = new int[3], _slaMet = new int[3];
    private readonly List<TimeSpan> _approvalWaits = [];
    private int _approved, _rejected;

    /// <summary>Each target decided for the conversation: met, or breached by its state or by any recorded breach event.</summary>
    public void CountSla(ConversationView conversation)
    {
        var breached = (conversation.SlaEvents ?? []).Where(e => e.Kind == "breach" && e.Target is not null)
            .Select(e => e.Target!.Value).ToHashSet();
        var met = (conversation.Sla?.Targets ?? []).Where(t => t.State == SlaState.Met).Select(t => t.Target)
            .Where(t => !breached.Contains(t)).ToHashSet();
        foreach (var target in (conversation.Sla?.Targets ?? []).Where(t => t.State == SlaState.Breached).Select(t => t.Target))
            breached.Add(target);
        foreach (var target in breached) _slaDecided[(int)target]++;
        foreach (var target in met) { _slaDecided[(int)target]++; _slaMet[(int)target]++; }
    }

    /// <summary>A draft decided in the range: approved or rejected, waiting decided − drafted.</summary>
    public void CountDecision(string status, TimeSpan wait)
    {
        if (status == "approved") _approved++;
        else if (status == "rejected") _rejected++;
        else return;
        _approvalWaits.Add(wait);
    }

    public KpiRow Row(string group) => new(group, Conversations, In, Out, InAnswered, Share(InAnswered, In),
        WithCustomer, Answered, Share(Answered, WithCustomer),
        Percentile(FirstResponses, 50), Percentile(FirstResponses, 90), Percentile(NextResponses, 50), Percentile(NextResponses, 90),
        Resolved, Reopened, Share(Reopened, Resolved), Handoffs, CannedUnedited, CannedEdited, Personal,
        Sla(SlaTarget.FirstResponse), Sla(SlaTarget.NextResponse), Sla(SlaTarget.Resolution),
        _approved, _rejected, Percentile(_approvalWaits, 50), Percentile(_approvalWaits, 90));

    private SlaCompliance Sla(SlaTarget target) =>
        new(_slaDecided[(int)target], _slaMet[(int)target], Share(_slaMet[(int)target], _slaDecided[(int)target]));

    private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;

    /// <summary>Nearest-rank percentile.</summary>
    private static TimeSpan? Percentile(List<TimeSpan> values, int p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
