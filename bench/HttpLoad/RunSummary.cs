namespace Engine.Bench.HttpLoad;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// Turns the phases <c>bench/http-ingest.sh</c> collected (one JSON object a line: wrk's closed-loop figures, this
/// program's open-loop ones, each with the gateway's CPU time) into the table and the result file.
/// </summary>
public static class RunSummary
{
    public const double RatioTarget = 0.40;
    public const double P99TargetMs = 50;

    public static int Write(FileInfo phasesFile, FileInfo output, IReadOnlyDictionary<string, string> run, TextWriter console)
    {
        var phases = File.ReadAllLines(phasesFile.FullName).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var closed = phases.Where(p => (string?)p["kind"] == "closed").Select(Closed).ToList();
        var open = phases.Where(p => (string?)p["kind"] == "open").Select(Open).ToList();

        console.WriteLine();
        console.WriteLine($"HTTP ingest against a bare endpoint, {run["store"]} store; {run["machine"]}");
        console.WriteLine($"closed loop: wrk {run["wrk"]}");
        console.WriteLine($"{"phase",-16} {"msgs/s",10} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"non-2xx",8} {"sock err",8} {"gw CPU µs/msg",14} {"load1",6}");
        foreach (var p in closed)
            console.WriteLine($"{p.Name,-16} {p.Rate,10:N0} {p.P50Ms,8:N2} {p.P99Ms,8:N2} {p.MaxMs,8:N1} {p.NonSuccess,8} {p.SocketErrors,8} {p.CpuUsPerRequest,14:N0} {p.Load,6:N2}");

        var bare = closed.Where(p => p.Name.StartsWith("bare-", StringComparison.Ordinal)).ToList();
        var ingest = closed.Where(p => p.Name.StartsWith("ingest-", StringComparison.Ordinal)).ToList();
        var roundRatios = bare.Zip(ingest, (b, i) => i.Rate / b.Rate).ToList();
        var ratio = Median(ingest.Select(p => p.Rate)) / Median(bare.Select(p => p.Rate));
        var cpuRatio = Median(bare.Select(p => p.CpuUsPerRequest)) / Median(ingest.Select(p => p.CpuUsPerRequest));
        console.WriteLine($"ingest / bare msgs/s: {ratio:P1} (median of phases; per round {string.Join(", ", roundRatios.Select(r => r.ToString("P1", CultureInfo.InvariantCulture)))}); " +
            $"target ≥ {RatioTarget:P0}: {(ratio >= RatioTarget ? "met" : "MISSED")}");
        console.WriteLine($"bare / ingest gateway CPU per message: {cpuRatio:P1}");
        // The store floor: what the durable writes alone leave of the bare endpoint's rate, and what the grains cost on top.
        var stored = closed.Where(p => p.Name.StartsWith("stored-", StringComparison.Ordinal)).ToList();
        double? storedToBare = stored.Count == 0 ? null : Median(stored.Select(p => p.Rate)) / Median(bare.Select(p => p.Rate));
        double? ingestToStored = stored.Count == 0 ? null : Median(ingest.Select(p => p.Rate)) / Median(stored.Select(p => p.Rate));
        if (stored.Count > 0)
            console.WriteLine($"store floor / bare msgs/s: {storedToBare:P1}; ingest / store floor: {ingestToStored:P1} " +
                $"(gateway CPU µs/msg: bare {Median(bare.Select(p => p.CpuUsPerRequest)):N0}, floor {Median(stored.Select(p => p.CpuUsPerRequest)):N0}, " +
                $"ingest {Median(ingest.Select(p => p.CpuUsPerRequest)):N0})");
        // The same writes behind one grain call into the silo: the floor of any design with a silo in between.
        var siloStored = closed.Where(p => p.Name.StartsWith("silo-stored-", StringComparison.Ordinal)).ToList();
        double? siloStoredToBare = siloStored.Count == 0 ? null : Median(siloStored.Select(p => p.Rate)) / Median(bare.Select(p => p.Rate));
        double? ingestToSiloStored = siloStored.Count == 0 ? null : Median(ingest.Select(p => p.Rate)) / Median(siloStored.Select(p => p.Rate));
        if (siloStored.Count > 0)
            console.WriteLine($"store floor in the silo / bare msgs/s: {siloStoredToBare:P1}; ingest / that floor: {ingestToSiloStored:P1} " +
                $"(CPU µs/msg {Median(siloStored.Select(p => p.CpuUsPerRequest)):N0})");

        console.WriteLine();
        console.WriteLine($"open loop at {run["rate"]}/s for {run["openSeconds"]} s (latency from the scheduled send time)");
        // The load program runs on the same two cores: the cores it and the Gateway took say whether "half of peak" left
        // the Gateway any room (an open loop's messages cost the Gateway more CPU than a closed loop's).
        console.WriteLine($"{"phase",-16} {"sent/s",10} {"p50 ms",8} {"p99 ms",8} {"p99.9 ms",9} {"max ms",8} {"non-2xx",8} {"failed",8} {"in flight",9} {"gw CPU µs/msg",14} {"gw cores",9} {"client cores",13} {"load1",6}");
        foreach (var p in open)
            console.WriteLine($"{p.Name,-16} {p.Rate,10:N0} {p.P50Ms,8:N2} {p.P99Ms,8:N2} {p.P999Ms,9:N2} {p.MaxMs,8:N1} {p.NonSuccess,8} {p.Failed,8} {p.MaxInFlight,9} {p.CpuUsPerRequest,14:N0} {p.GatewayCores,9:N2} {p.ClientCores,13:N2} {p.Load,6:N2}");
        var openIngest = open.FirstOrDefault(p => p.Name == "open-ingest");
        if (openIngest is not null)
            console.WriteLine($"ingest p99 at {run["openFraction"]} of peak: {openIngest.P99Ms:N2} ms; target < {P99TargetMs} ms: {(openIngest.P99Ms < P99TargetMs ? "met" : "MISSED")}");

        var ingestErrors = ingest.Sum(p => p.NonSuccess + p.SocketErrors) + (openIngest is null ? 0 : openIngest.NonSuccess + openIngest.Failed);
        var result = new JsonObject
        {
            ["suite"] = "http-ingest",
            ["run"] = new JsonObject(run.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["phases"] = new JsonArray(phases.Select(p => (JsonNode)p.DeepClone()).ToArray()),
            ["summary"] = new JsonObject
            {
                ["bare_msgs_per_s_median"] = Median(bare.Select(p => p.Rate)),
                ["ingest_msgs_per_s_median"] = Median(ingest.Select(p => p.Rate)),
                ["ratio_ingest_to_bare"] = ratio,
                ["ratio_per_round"] = new JsonArray(roundRatios.Select(r => (JsonNode)JsonValue.Create(r)).ToArray()),
                ["gateway_cpu_us_per_msg_bare_median"] = Median(bare.Select(p => p.CpuUsPerRequest)),
                ["gateway_cpu_us_per_msg_ingest_median"] = Median(ingest.Select(p => p.CpuUsPerRequest)),
                ["ratio_target_met"] = ratio >= RatioTarget,
                ["store_floor_msgs_per_s_median"] = stored.Count == 0 ? null : Median(stored.Select(p => p.Rate)),
                ["gateway_cpu_us_per_msg_store_floor_median"] = stored.Count == 0 ? null : Median(stored.Select(p => p.CpuUsPerRequest)),
                ["ratio_store_floor_to_bare"] = storedToBare,
                ["ratio_ingest_to_store_floor"] = ingestToStored,
                ["silo_store_floor_msgs_per_s_median"] = siloStored.Count == 0 ? null : Median(siloStored.Select(p => p.Rate)),
                ["cpu_us_per_msg_silo_store_floor_median"] = siloStored.Count == 0 ? null : Median(siloStored.Select(p => p.CpuUsPerRequest)),
                ["ratio_silo_store_floor_to_bare"] = siloStoredToBare,
                ["ratio_ingest_to_silo_store_floor"] = ingestToSiloStored,
                ["open_loop_ingest_p99_ms"] = openIngest?.P99Ms,
                ["p99_target_met"] = openIngest is not null && openIngest.P99Ms < P99TargetMs,
                ["ingest_errors"] = ingestErrors,
            },
        };
        File.WriteAllText(output.FullName, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        console.WriteLine($"results: {output}");
        if (ingestErrors > 0) console.WriteLine($"FAILED: ingest answered {ingestErrors} errors (non-2xx or socket errors); its figures are not valid");
        return ingestErrors > 0 ? 1 : 0;
    }

    private sealed record Phase(string Name, double Rate, double P50Ms, double P99Ms, double P999Ms, double MaxMs, long NonSuccess,
        long SocketErrors, long Failed, double CpuUsPerRequest, double Load, long MaxInFlight, double GatewayCores = double.NaN,
        double ClientCores = double.NaN);

    private static Phase Closed(JsonObject p)
    {
        var requests = (long)p["requests"]!;
        return new Phase((string)p["phase"]!, requests / ((double)p["duration_us"]! / 1e6), (double)p["p50_us"]! / 1000,
            (double)p["p99_us"]! / 1000, double.NaN, (double)p["max_us"]! / 1000, (long)p["non2xx"]!,
            (long)p["connect_errors"]! + (long)p["read_errors"]! + (long)p["write_errors"]! + (long)p["timeouts"]!, 0,
            (double)p["gateway_cpu_s"]! * 1e6 / Math.Max(1, requests), (double)p["load1"]!, 0);
    }

    /// <summary>The Gateway's CPU is taken over the warm-up and the measured span alike, so it is shared over both's requests.</summary>
    private static Phase Open(JsonObject p)
    {
        var seconds = (double)p["Seconds"]! + (double)p["WarmupSeconds"]!;
        return new((string)p["phase"]!, (double)p["AchievedRate"]!, (double)p["P50Us"]! / 1000,
            (double)p["P99Us"]! / 1000, (double)p["P999Us"]! / 1000, (double)p["MaxUs"]! / 1000, (long)p["NonSuccess"]!, 0,
            (long)p["Failed"]!, (double)p["gateway_cpu_s"]! * 1e6 / Math.Max(1, (long)p["Completed"]! + (long)p["WarmupRequests"]!),
            (double)p["load1"]!, (long)p["MaxInFlight"]!, (double)p["gateway_cpu_s"]! / seconds, (double)p["ClientCpuSeconds"]! / seconds);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
