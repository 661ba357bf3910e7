namespace Engine.Gateway.Security;

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// The shape of an integration's key: <c>ek:{tenant}:{keyId}:{secret}</c>. Only a SHA-256 digest of the secret is
/// stored; the secret is random (32 bytes), so a plain digest is enough (no password stretching needed).
/// </summary>
public static partial class ApiKeys
{
    public const string Header = "X-Api-Key";

    public static (string KeyId, string Secret, string Presented) Create(string tenant)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (keyId, secret, $"ek:{tenant}:{keyId}:{secret}");
    }

    public static bool TryParse(string presented, out string tenant, out string keyId, out string secret)
    {
        var match = Shape().Match(presented);
        (tenant, keyId, secret) = match.Success
            ? (match.Groups["tenant"].Value, match.Groups["key"].Value, match.Groups["secret"].Value)
            : ("", "", "");
        return match.Success;
    }

    public static string Digest(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares two secrets without leaking, through timing, how much of them matched.</summary>
    public static bool SameSecret(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(@"^ek:(?<tenant>[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}):(?<key>[0-9a-f]{12}):(?<secret>[A-Za-z0-9_\-]{43})$")]
    private static partial Regex Shape();
}
