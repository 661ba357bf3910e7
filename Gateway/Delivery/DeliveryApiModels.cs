namespace Engine.Gateway.Delivery;

using Engine.Delivery;

/// <summary>A channel's delivery connector as the API reads and writes it.</summary>
/// <param name="BaseUrl">Replies are POSTed as JSON to <c>{baseUrl}/messages</c> with an <c>Idempotency-Key</c> header.</param>
/// <param name="AuthHeader">A header to send (e.g. <c>Authorization</c>); its value is the silo's <c>Delivery:Secrets:{secretName}</c>.</param>
/// <param name="TimeoutSeconds">How long one try may take (default 10, at most 120).</param>
public sealed record DeliverySettingsBody(string? BaseUrl, string? AuthHeader = null, string? SecretName = null, double? TimeoutSeconds = null)
{
    public static DeliverySettingsBody From(DeliverySettings s) => new(s.BaseUrl, s.AuthHeader, s.SecretName, s.Timeout.TotalSeconds);
}
