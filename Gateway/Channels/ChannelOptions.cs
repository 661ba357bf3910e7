namespace Engine.Gateway.Channels;

/// <summary>Per tenant, the secrets its platform webhooks are signed with. Section <c>Channels:Tenants:{tenant}</c>.</summary>
public sealed class ChannelOptions
{
    public const string Section = "Channels";

    public Dictionary<string, TenantChannels> Tenants { get; set; } = new(StringComparer.Ordinal);
}

public sealed class TenantChannels
{
    /// <summary>The X app's consumer secret: key of the CRC response and of <c>x-twitter-webhooks-signature</c>.</summary>
    public string? XConsumerSecret { get; set; }

    /// <summary>The Meta app secret: key of <c>X-Hub-Signature-256</c> (Messenger and Instagram messaging).</summary>
    public string? MetaAppSecret { get; set; }

    /// <summary>The token Meta echoes in the verification GET (<c>hub.verify_token</c>).</summary>
    public string? MetaVerifyToken { get; set; }
}
