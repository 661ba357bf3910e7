namespace Engine.Hosting;

/// <summary>Where a silo keeps the engine's data, from the <c>Storage</c> configuration section.</summary>
public sealed class EngineStorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>memory</c> (lost on restart), <c>sqlite</c> (one file in <see cref="DataDirectory"/>), or
    /// <c>postgres</c>, which the Silo host sets up with the Orleans ADO.NET providers.</summary>
    public string Provider { get; set; } = "memory";

    public string DataDirectory { get; set; } = "data";
}
