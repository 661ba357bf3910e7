namespace Engine.Gateway.Security;

using System.Security.Cryptography;
using Engine.Gateway.Hosting;
using Engine.Hosting;
using Microsoft.IdentityModel.Tokens;

/// <summary>Finds the key that signs people's tokens: configuration first, then the embedded engine's data directory.</summary>
public static class SigningKeys
{
    private const int MinimumBytes = 32;

    public static SymmetricSecurityKey Resolve(IConfiguration configuration, AuthOptions auth, GatewayClusterOptions cluster, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
            return new SymmetricSecurityKey(Decode(auth.SigningKey));

        var storage = configuration.GetSection(EngineStorageOptions.Section).Get<EngineStorageOptions>() ?? new();
        if (cluster.Embedded && storage.Provider == "sqlite")
        {
            // Kept beside the data so that people stay signed in across restarts of the embedded engine.
            var path = Path.Combine(storage.DataDirectory, "signing.key");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(storage.DataDirectory);
                File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes)));
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return new SymmetricSecurityKey(Decode(File.ReadAllText(path).Trim()));
        }

        logger.LogWarning("Auth:SigningKey is not set: tokens are signed with a key made for this process only");
        return new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(MinimumBytes));
    }

    private static byte[] Decode(string base64)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(base64); }
        catch (FormatException) { throw new InvalidOperationException("Auth:SigningKey must be base64."); }
        if (bytes.Length < MinimumBytes)
            throw new InvalidOperationException($"Auth:SigningKey must hold at least {MinimumBytes} bytes.");
        return bytes;
    }
}
