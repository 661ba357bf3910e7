namespace Engine.Replay;

using System.Globalization;
using System.Text;

/// <summary>Formats a replay report as a two-column table for the console.</summary>
public static class SummaryTable
{
    public static string Format(ReplayReport report)
    {
        var rows = new List<(string Name, string Value)>
        {
            ("order", report.Options.OrderDescription),
            ("concurrency", Number(report.Options.Concurrency)),
            ("corpus rows", Number(report.Plan.CorpusRows)),
            ("threads (routed)", Number(report.Plan.Threads)),
            ("tenants", Number(report.Tenants)),
            ("messages sent", Number(report.Plan.Messages.Count)),
            ("orphans (parent outside corpus)", Number(report.Plan.Orphans)),
            ("unroutable (not sent)", Number(report.Plan.Unroutable)),
            ("", ""),
            ("accepted", Number(report.Sent.Accepted)),
            ("duplicates", Number(report.Sent.Duplicates)),
            ("conversations created", Number(report.Sent.ConversationsCreated)),
            ("rejected (4xx)", Number(report.Sent.Rejected)),
            ("failed (5xx/transport after retries)", Number(report.Sent.Failed)),
            ("retries", Number(report.Sent.Retries)),
            ("send elapsed", $"{Seconds(report.Sent.Elapsed)} ({report.MessagesPerSecond.ToString("F0", CultureInfo.InvariantCulture)} msg/s)"),
            ("", ""),
            ("stored conversations", Number(report.Stored.StoredConversations)),
            ("stored messages", Number(report.Stored.StoredMessages)),
            ("conversations with a customer", Number(report.Stored.ConversationsWithCustomer)),
            ("conversations with a first response", Number(report.Stored.ConversationsWithFirstResponse)),
            ("first response median", Duration(report.Stored.FirstResponseMedian)),
            ("first response p90", Duration(report.Stored.FirstResponseP90)),
            ("customer messages answered", Share(report.Stored)),
            ("read-back elapsed", Seconds(report.Stored.Elapsed)),
        };

        var width = rows.Max(r => r.Name.Length);
        var text = new StringBuilder();
        text.AppendLine("Replay summary").AppendLine(new string('-', width + 30));
        foreach (var (name, value) in rows)
            text.AppendLine(name.Length == 0 ? "" : $"{name.PadRight(width)}  {value}");
        foreach (var problem in report.Sent.Problems)
            text.AppendLine($"problem: {problem}");
        return text.ToString();
    }

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s";

    private static string Duration(TimeSpan? t) => t is { } d ? d.ToString(d.TotalDays >= 1 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture) : "n/a";

    private static string Share(ReadBack stored) => stored.AnsweredShare is { } share
        ? $"{share.ToString("P1", CultureInfo.InvariantCulture)} ({Number(stored.AnsweredCustomerMessages)} of {Number(stored.CustomerMessages)})"
        : "n/a";
}
