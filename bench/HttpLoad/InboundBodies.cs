namespace Engine.Bench.HttpLoad;

using System.Globalization;
using System.Text;

/// <summary>
/// Normalized inbound messages as <c>bench/http-ingest.lua</c> makes them: every message has its own platformMessageId,
/// and message i goes to conversation i mod N (thread key and customer), so N conversations grow side by side. A prefix
/// other than the default "t" names other threads and customers: new conversations.
/// </summary>
public sealed class InboundBodies(string tag, int conversations, string threadPrefix = "t")
{
    private readonly string _customerPrefix = threadPrefix == "t" ? "c" : threadPrefix + "-c";

    public byte[] Body(long i)
    {
        var conversation = i % conversations;
        var timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(
            $$"""{"channel":"x","visibility":"public","platformMessageId":"{{tag}}-{{i}}","author":{"kind":"customer","id":"x:{{_customerPrefix}}{{conversation}}"},"threadKey":"{{threadPrefix}}-{{conversation}}","text":"@acme my order {{i}} never arrived and nobody answers","timestamp":"{{timestamp}}"}""");
    }
}
