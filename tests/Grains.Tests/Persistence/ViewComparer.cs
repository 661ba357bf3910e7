namespace Engine.Tests.Persistence;

using System.Text.Json;
using Engine.Conversations;

/// <summary>Compares conversation views by their JSON, since records holding lists compare lists by reference.</summary>
public sealed class ViewComparer : IEqualityComparer<ConversationView>
{
    public static readonly ViewComparer Instance = new();

    public bool Equals(ConversationView? x, ConversationView? y) =>
        JsonSerializer.Serialize(x) == JsonSerializer.Serialize(y);

    public int GetHashCode(ConversationView obj) => JsonSerializer.Serialize(obj).GetHashCode();
}
