namespace Engine.Tests.Reliability;

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Engine.Gateway.Channels;
using Engine.Replay;
using Xunit.Abstractions;

/// <summary>
/// Property-based fuzzing of the parsers that read outside input: the platform webhook adapters, fed the captured
/// payloads with random parts replaced, removed or retyped, and the twcs CSV reader, fed the real corpus cut and
/// garbled. Each must answer with its own error (naming the path or row) or a result; never another exception, never a hang.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 20_000;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Received = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly Gen<JsonNode?> Values = Gen.OneOf(
        Gen.Const(() => (JsonNode?)null),
        Gen.Long.Select(v => (JsonNode?)JsonValue.Create(v)),
        Gen.Double.Select(v => (JsonNode?)JsonValue.Create(double.IsFinite(v) ? v : 0)),
        Gen.String.Select(v => (JsonNode?)JsonValue.Create(v)),
        Gen.Bool.Select(v => (JsonNode?)JsonValue.Create(v)),
        Gen.Const(() => (JsonNode?)new JsonArray()),
        Gen.Const(() => (JsonNode?)new JsonObject()));

    [Theory]
    [InlineData("x-account-activity/webhook1_tweet.json")]
    [InlineData("x-account-activity/webhook1_direct_message.json")]
    [InlineData("messenger/Payload.json")]
    [InlineData("messenger/PayloadWithStandby.json")]
    [InlineData("messenger/PayloadWithPassThreadControl.json")]
    [InlineData("messenger/FacebookMessages.json")]
    public async Task Webhook_adapters_answer_mutated_payloads_with_a_path_error_or_messages(string fixture)
    {
        var original = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.SharedData, "webhooks", fixture)))!;
        var translate = fixture.StartsWith('x') ? (Func<JsonElement, ChannelTranslation>)(b => XAccountActivity.Translate("t", b, Received))
            : b => MetaMessaging.Translate("t", b, Received);
        var leaves = Paths(original).ToArray();
        var gen = Gen.Int[1, 4].SelectMany(n => Gen.Select(Gen.Int[0, leaves.Length - 1], Values, Gen.Bool).Array[n]);
        var runs = 0;
        var clock = Stopwatch.StartNew();

        await Task.Run(() => gen.Sample(mutations =>
        {
            Interlocked.Increment(ref runs);
            var body = original.DeepClone();
            foreach (var (index, value, remove) in mutations) Mutate(body, leaves[index], value, remove);
            using var document = JsonDocument.Parse(body.ToJsonString());
            try
            {
                var result = translate(document.RootElement);
                Assert.All(result.Messages, m => Assert.False(string.IsNullOrEmpty(m.PlatformMessageId)));
            }
            catch (ChannelPayloadException e)
            {
                Assert.StartsWith("$", e.Path);
            }
        }, iter: Iterations)).WaitAsync(Limit);

        output.WriteLine($"{fixture}: {runs} mutated payloads in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(runs >= Iterations);
    }

    [Fact]
    public async Task The_corpus_reader_answers_cut_and_garbled_csv_with_a_row_error_or_tweets()
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.SharedData, "twcs", "twcs-head5000.csv"))).Take(40).ToArray();
        var text = string.Join('\n', lines);
        var gen = Gen.Select(Gen.Int[0, text.Length], Gen.Int[0, 3], Gen.Char["\",\n\r x0;"].Array[0, 6]);
        var runs = 0;
        var clock = Stopwatch.StartNew();

        await Task.Run(() => gen.Sample((cut, how, junk) =>
        {
            Interlocked.Increment(ref runs);
            var garbled = how switch
            {
                0 => text[..cut],
                1 => text.Insert(cut, new string(junk)),
                2 => text.Remove(cut, Math.Min(junk.Length, text.Length - cut)),
                _ => text[..cut] + new string(junk) + text[cut..].ToUpperInvariant(),
            };
            try
            {
                var tweets = TwcsReader.Read(new StringReader(garbled));
                Assert.All(tweets, t => Assert.False(string.IsNullOrEmpty(t.TweetId)));
            }
            catch (InvalidDataException) { }
            catch (CsvHelper.CsvHelperException) { }
        }, iter: Iterations)).WaitAsync(Limit);

        output.WriteLine($"twcs reader: {runs} garbled files in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(runs >= Iterations);
    }

    private static IEnumerable<string[]> Paths(JsonNode node, string[]? prefix = null)
    {
        prefix ??= [];
        yield return prefix;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                    if (child is not null) foreach (var p in Paths(child, [.. prefix, name])) yield return p;
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } child) foreach (var p in Paths(child, [.. prefix, $"#{i}"])) yield return p;
                break;
        }
    }

    /// <summary>Replaces (or removes) the node at the path, when the earlier mutations left it there.</summary>
    private static void Mutate(JsonNode root, string[] path, JsonNode? value, bool remove)
    {
        if (path.Length == 0) return;
        JsonNode? parent = root;
        foreach (var step in path[..^1])
            parent = parent switch
            {
                JsonObject o => o[step],
                JsonArray a when int.TryParse(step[1..], out var i) && i < a.Count => a[i],
                _ => null,
            };
        var last = path[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                if (remove) o.Remove(last); else o[last] = value;
                break;
            case JsonArray a when int.TryParse(last[1..], out var i) && i < a.Count:
                if (remove) a.RemoveAt(i); else a[i] = value;
                break;
        }
    }
}
