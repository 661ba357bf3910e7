namespace Engine.Conversations;

/// <summary>The string keys of the directory grains, built in one place so callers cannot disagree.</summary>
public static class ConversationKeys
{
    public static string Thread(string tenant, ChannelKind channel, string threadKey) =>
        $"{tenant}/{channel}/{threadKey}";

    public static string Message(string tenant, ChannelKind channel, string platformMessageId) =>
        $"{tenant}/{channel}/{platformMessageId}";
}
