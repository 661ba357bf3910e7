namespace Engine.Routing;

/// <summary>Required skills with minimum levels against what an agent has. A missing skill is level 0.</summary>
public static class SkillMatcher
{
    public static bool Satisfies(IReadOnlyDictionary<string, int> skills, IReadOnlyDictionary<string, int> requirements)
    {
        foreach (var (name, level) in requirements)
            if (skills.GetValueOrDefault(name) < level)
                return false;
        return true;
    }

    /// <summary>Both sets of requirements, the stricter level winning where they name the same skill.</summary>
    public static IReadOnlyDictionary<string, int> Combine(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b)
    {
        if (b.Count == 0) return a;
        if (a.Count == 0) return b;
        var all = new Dictionary<string, int>(a, StringComparer.Ordinal);
        foreach (var (name, level) in b)
            all[name] = Math.Max(level, all.GetValueOrDefault(name));
        return all;
    }
}
