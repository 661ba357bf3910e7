namespace Engine.Persistence;

using Engine.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

/// <summary>
/// Turns conversation events, snapshots and grain state into bytes for a database row with Orleans' own
/// version-tolerant serializer: fields are matched by their [Id], so adding a field never breaks old rows.
/// </summary>
public sealed class StoredPayloads(Serializer serializer)
{
    private static readonly Lazy<StoredPayloads> OwnSerializer = new(() => new(new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(ConversationEvent).Assembly).AddAssembly(typeof(ConversationSummary).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>()));

    /// <summary>For a store made outside a silo (tests, bench tools): the engine's types with a serializer of their own,
    /// made on first use.</summary>
    public static StoredPayloads Standalone => OwnSerializer.Value;

    public byte[] Event(ConversationEvent e) => serializer.SerializeToArray(e);

    public ConversationEvent Event(byte[] payload) => Event(payload.AsSpan());

    public ConversationEvent Event(ReadOnlySpan<byte> payload) => serializer.Deserialize<ConversationEvent>(payload) ?? throw new InvalidDataException("Empty event payload.");

    public byte[] Snapshot(ConversationSnapshot snapshot) => serializer.SerializeToArray(snapshot);

    public ConversationSnapshot Snapshot(byte[] payload) => serializer.Deserialize<ConversationSnapshot>(payload) ?? throw new InvalidDataException("Empty snapshot payload.");

    public byte[] State<T>(T state) => serializer.SerializeToArray(state);

    public T State<T>(byte[] payload) => serializer.Deserialize<T>(payload) ?? throw new InvalidDataException("Empty state payload.");

    /// <summary>The event's type name as stored beside the payload, for people and reports reading the table.</summary>
    public static string TypeName(ConversationEvent e) => e.GetType().Name;
}
