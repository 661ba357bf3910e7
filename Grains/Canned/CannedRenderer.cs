namespace Engine.Canned;

/// <summary>Renders a saved response for one reply and measures it against the channel's limit.</summary>
public static class CannedRenderer
{
    public static CannedRendering Render(CannedResponse response, CannedRenderContext context)
    {
        var (text, missing) = CannedTemplate.Parse(response.Text).Render(context);
        var length = ChannelTextLimits.Length(text);
        var limit = context.Channel is { } channel ? ChannelTextLimits.For(channel) : null;
        return new CannedRendering(response.Id, text, context.Channel, length, limit, length > limit, missing);
    }
}

/// <summary>Finds responses the way an agent types: a shortcut prefix first, then words of the title or text.</summary>
public static class CannedSearch
{
    public static IReadOnlyList<CannedResponse> Find(IEnumerable<CannedResponse> responses, string? query, int limit)
    {
        var all = responses.OrderBy(r => r.Shortcut, StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(query)) return all.Take(limit).ToList();
        var prefix = CannedResponseRules.NormalizeShortcut(query);
        var term = query.Trim().TrimStart('/');
        var byShortcut = all.Where(r => prefix.Length > 0 && r.Shortcut.StartsWith(prefix, StringComparison.Ordinal));
        var byText = all.Where(r => r.Title.Contains(term, StringComparison.OrdinalIgnoreCase)
            || r.Text.Contains(term, StringComparison.OrdinalIgnoreCase));
        return byShortcut.Concat(byText).DistinctBy(r => r.Id).Take(limit).ToList();
    }
}
