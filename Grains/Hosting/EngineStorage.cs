namespace Engine;

/// <summary>The grain storage provider every engine grain's persistent state uses.</summary>
public static class EngineStorage
{
    public const string Name = "engine";
}
