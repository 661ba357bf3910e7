namespace Engine.Realtime;

using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>How grains hand events to streams: JSON data in the API's style, and one one-way call per stream.</summary>
public static class RealtimePublishing
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Data(object data) => JsonSerializer.Serialize(data, Json);

    /// <summary>Posts each stream's publications in one one-way call: the caller's turn never waits for fan-out.</summary>
    public static void Post(this IGrainFactory grains, string tenant, IEnumerable<(string Stream, RealtimePublication Publication)> publications) =>
        Post(key => grains.GetGrain<IRealtimeStreamGrain>(key), tenant, publications);

    /// <summary>As <see cref="Post(IGrainFactory, string, IEnumerable{ValueTuple{string, RealtimePublication}})"/>, for publishers
    /// on the ingest path, whose stream references are kept.</summary>
    public static void Post(this Engine.Hosting.GrainReferences references, string tenant, IEnumerable<(string Stream, RealtimePublication Publication)> publications) =>
        Post(references.Get<IRealtimeStreamGrain>, tenant, publications);

    private static void Post(Func<string, IRealtimeStreamGrain> stream, string tenant, IEnumerable<(string Stream, RealtimePublication Publication)> publications)
    {
        // Grouped by hand in order of first appearance: a message usually reaches one or two streams, and GroupBy's
        // lookup cost more than the grouping.
        var groups = new List<(string Stream, List<RealtimePublication> Publications)>(2);
        foreach (var (name, publication) in publications)
        {
            var index = groups.FindIndex(g => string.Equals(g.Stream, name, StringComparison.Ordinal));
            if (index < 0) groups.Add((name, [publication]));
            else groups[index].Publications.Add(publication);
        }
        foreach (var (name, batch) in groups)
            stream(RealtimeStreams.Key(tenant, name)).Post(batch).Ignore();
    }
}
