namespace Engine.Gateway.Channels;

using System.Security.Cryptography;
using System.Text;

/// <summary>The platforms' HMAC-SHA256 webhook signatures, compared in constant time.</summary>
public static class WebhookSignatures
{
    /// <summary>X: <c>sha256=</c> + base64 of HMAC-SHA256(consumer secret, raw body). Also the CRC response.</summary>
    public static string X(string consumerSecret, ReadOnlySpan<byte> payload) =>
        "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(consumerSecret), payload));

    /// <summary>Meta: <c>sha256=</c> + lower-case hex of HMAC-SHA256(app secret, raw body).</summary>
    public static string Meta(string appSecret, ReadOnlySpan<byte> payload) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), payload));

    public static bool Matches(string expected, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented.Trim()));
}
