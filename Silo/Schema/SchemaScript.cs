namespace Engine.Silo.Schema;

using System.Reflection;
using System.Security.Cryptography;
using System.Text;

/// <summary>One versioned schema file, e.g. <c>0002_clustering.sql</c>: version 2, named "clustering".</summary>
public sealed record SchemaScript(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "Engine.Silo.Schema.PostgreSQL.";

    /// <summary>SHA-256 of the text, recorded when applied so an edited script that already ran is noticed.</summary>
    /// <remarks>Computed on read, not stored, so a copy made with <c>with { Sql = ... }</c> gets its own checksum.</remarks>
    public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>The PostgreSQL scripts embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<SchemaScript> PostgreSql { get; } = Load();

    private static List<SchemaScript> Load()
    {
        var assembly = typeof(SchemaScript).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Parse(n[ResourcePrefix.Length..^".sql".Length], Read(assembly, n)))
            .OrderBy(s => s.Version)
            .ToList();

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two schema scripts share version {duplicate.Key}.");
        if (scripts.Count == 0)
            throw new InvalidOperationException("No schema scripts are embedded in the silo assembly.");
        return scripts;
    }

    private static SchemaScript Parse(string fileName, string sql)
    {
        var separator = fileName.IndexOf('_');
        if (separator <= 0 || !int.TryParse(fileName[..separator], out var version))
            throw new InvalidOperationException($"Schema script '{fileName}.sql' must be named NNNN_name.sql.");
        return new SchemaScript(version, fileName[(separator + 1)..], sql);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
