namespace Engine.Tests.Sla;

using System.Globalization;
using System.Text;
using Engine.Conversations;
using Engine.Replay;
using Xunit.Abstractions;

/// <summary>
/// The twcs slice measured the engine's way: DM-invite threads recognised as hand-offs, and per brand the brand-wait
/// first and next response times against wall-clock response times (each brand reply minus the tweet it answers).
/// </summary>
public sealed class TwcsSlaReportTests(ITestOutputHelper output)
{
    [Fact]
    public void Brand_wait_is_never_shorter_than_the_wall_clock_reply_time_and_dm_invites_are_hand_offs()
    {
        var plan = CorpusMapper.Map(TwcsReader.ReadFile(RepositoryPaths.TwcsCorpus));
        var byId = plan.Messages.ToDictionary(m => m.Body.PlatformMessageId, m => m.Body);
        var report = new StringBuilder("| brand | threads | hand-offs | first response brand-wait (median) | first reply wall-clock (median) | next response brand-wait (median) | next replies wall-clock (median) |\n|---|---|---|---|---|---|---|\n");
        var (handOffs, firstBrandWait, firstWall) = (0, TimeSpan.Zero, TimeSpan.Zero);

        foreach (var brand in plan.Messages.GroupBy(m => m.Tenant).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var threads = brand.GroupBy(m => m.Body.ThreadKey).ToList();
            var (first, next, wallFirst, wallNext) = (new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>());
            var brandHandOffs = 0;
            foreach (var thread in threads)
            {
                var ordered = thread.Select(m => m.Body).OrderBy(b => b.Timestamp).ToList();
                var clock = BrandWaitClock.Measure(ordered.Select(b => (b.Timestamp, b.Author.Kind != "customer")), ordered[^1].Timestamp);
                if (clock.FirstResponse is { } f) first.Add(f);
                next.AddRange(clock.NextResponses);
                var wall = ordered.Where(b => b.Author.Kind != "customer" && b.InReplyTo is { } p && byId.TryGetValue(p, out var parent) && parent.Author.Kind == "customer")
                    .Select(b => b.Timestamp - byId[b.InReplyTo!].Timestamp).ToList();
                if (wall.Count > 0) wallFirst.Add(wall[0]);
                wallNext.AddRange(wall.Skip(1));
                if (ordered.Any(b => b.Author.Kind != "customer" && PrivateInvitation.IsInvitation(b.Text))) brandHandOffs++;
                if (clock.FirstResponse is { } bw && wall.Count > 0)
                    (firstBrandWait, firstWall) = (firstBrandWait + bw, firstWall + wall[0]);
            }
            handOffs += brandHandOffs;
            if (threads.Count >= 20)
                report.Append(CultureInfo.InvariantCulture, $"| {brand.Key} | {threads.Count} | {brandHandOffs} | {Median(first)} | {Median(wallFirst)} | {Median(next)} | {Median(wallNext)} |\n");
        }
        output.WriteLine(report.ToString());
        output.WriteLine($"hand-off threads: {handOffs}; first response summed: brand-wait {firstBrandWait}, wall-clock {firstWall}");

        Assert.InRange(handOffs, 440, 456);
        // Brand-wait starts at the first unanswered customer tweet, wall-clock at the tweet answered, which is never earlier.
        Assert.True(firstBrandWait >= firstWall, $"{firstBrandWait} < {firstWall}");
    }

    private static string Median(List<TimeSpan> values)
    {
        if (values.Count == 0) return "-";
        values.Sort();
        var m = values[values.Count / 2];
        return m.TotalHours >= 1 ? $"{m.TotalHours:0.0} h" : $"{m.TotalMinutes:0} min";
    }
}
