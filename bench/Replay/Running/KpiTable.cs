namespace Engine.Replay;

using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>The engine's own KPI report (GET .../reports/kpis) for each replayed tenant, as a console table.</summary>
public static class KpiTable
{
    public static async Task<string> Fetch(HttpClient http, ReplayPlan plan, int top, CancellationToken cancellationToken)
    {
        var times = plan.Messages.Select(m => m.Body.Timestamp).ToList();
        var from = Uri.EscapeDataString(times.Min().ToString("O"));
        var to = Uri.EscapeDataString(times.Max().AddSeconds(1).ToString("O"));
        var rows = new List<(string Tenant, JsonNode Row)>();
        foreach (var tenant in plan.Messages.Select(m => m.Tenant).Distinct())
        {
            var report = await http.GetFromJsonAsync<JsonObject>(
                $"api/v1/tenants/{Uri.EscapeDataString(tenant)}/reports/kpis?from={from}&to={to}", cancellationToken);
            if (report?["rows"] is JsonArray { Count: > 0 } found) rows.Add((tenant, found[0]!));
        }

        var text = new StringBuilder();
        text.AppendLine($"KPIs (engine report, brand-wait clocks), top {top} of {rows.Count} tenants by inbound volume");
        text.AppendLine($"{"tenant",-18} {"conv",5} {"in",5} {"out",5} {"answered",9} {"1st resp p50",13} {"1st resp p90",13} {"next p50",10}");
        foreach (var (tenant, row) in rows.OrderByDescending(r => (int)r.Row["messagesIn"]!).Take(top))
            text.AppendLine($"{tenant,-18} {(int)row["conversations"]!,5} {(int)row["messagesIn"]!,5} {(int)row["messagesOut"]!,5} "
                + $"{Percent(row["responseRate"]),9} {Time(row["firstResponseMedian"]),13} {Time(row["firstResponseP90"]),13} {Time(row["nextResponseMedian"]),10}");
        int total(string field) => rows.Sum(r => (int)r.Row[field]!);
        var answered = total("messagesInAnswered");
        var inbound = total("messagesIn");
        text.AppendLine($"{"all tenants",-18} {total("conversations"),5} {inbound,5} {total("messagesOut"),5} "
            + $"{(inbound == 0 ? "-" : ((double)answered / inbound).ToString("P1", CultureInfo.InvariantCulture)),9}");
        return text.ToString();
    }

    private static string Percent(JsonNode? value) => value is null ? "-" : ((double)value).ToString("P1", CultureInfo.InvariantCulture);

    private static string Time(JsonNode? value) => (string?)value ?? "-";
}
