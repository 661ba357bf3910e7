namespace Engine.Conversations;

/// <summary>The platform a thread lives on.</summary>
[GenerateSerializer, Alias("engine.ChannelKind")]
public enum ChannelKind { X, Facebook, Instagram, Messenger, Webchat, Email, Review, Sms, WhatsApp }

[GenerateSerializer, Alias("engine.Visibility")]
public enum Visibility { Public, Private }

/// <summary>Open means the brand has the next move; pending means the customer has.</summary>
[GenerateSerializer, Alias("engine.ConversationStatus")]
public enum ConversationStatus { Open, Pending, Snoozed, Resolved, Closed }

[GenerateSerializer, Alias("engine.AuthorKind")]
public enum AuthorKind { Customer, Agent, Bot, System }

[GenerateSerializer, Alias("engine.MessageDirection")]
public enum MessageDirection { Inbound, Outbound }

[GenerateSerializer, Alias("engine.Priority")]
public enum Priority { Low, Normal, High, Urgent }

public static class AuthorKinds
{
    /// <summary>Agents, bots and system messages speak for the brand; only customers speak to it.</summary>
    public static bool SpeaksForBrand(this AuthorKind kind) => kind != AuthorKind.Customer;

    public static MessageDirection Direction(this AuthorKind kind) =>
        kind == AuthorKind.Customer ? MessageDirection.Inbound : MessageDirection.Outbound;
}
