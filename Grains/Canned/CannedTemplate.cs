namespace Engine.Canned;

using System.Text;

/// <summary>
/// A canned response's text with <c>{{variable}}</c> or <c>{{variable|fallback}}</c> placeholders. Parsing refuses
/// unknown variables with their position, so a typo is found when the response is saved, not when a customer reads it.
/// </summary>
public sealed class CannedTemplate
{
    public const string CustomerName = "customer.name";
    public const string AgentName = "agent.name";
    public const string CaseReference = "case.reference";

    public static readonly IReadOnlyList<string> Variables = [CustomerName, AgentName, CaseReference];

    private readonly IReadOnlyList<Part> _parts;

    private CannedTemplate(IReadOnlyList<Part> parts) => _parts = parts;

    /// <summary>Literal text, or a variable with its optional fallback.</summary>
    private sealed record Part(string? Literal, string? Variable, string? Fallback);

    public static CannedTemplate Parse(string text)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0) { literal.Append(text, i, text.Length - i); break; }
            literal.Append(text, i, open - i);
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var nextOpen = text.IndexOf("{{", open + 2, StringComparison.Ordinal);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close))
                throw new CannedTemplateException($"Unclosed '{{{{' at position {open + 1}.", open + 1);
            var inner = text[(open + 2)..close];
            var bar = inner.IndexOf('|');
            var name = (bar < 0 ? inner : inner[..bar]).Trim();
            var fallback = bar < 0 ? null : inner[(bar + 1)..].Trim();
            if (name.Length == 0)
                throw new CannedTemplateException($"Empty variable at position {open + 1}.", open + 1);
            if (!Variables.Contains(name))
                throw new CannedTemplateException(
                    $"Unknown variable '{name}' at position {open + 1}; known: {string.Join(", ", Variables)}.", open + 1);
            if (literal.Length > 0) { parts.Add(new Part(literal.ToString(), null, null)); literal.Clear(); }
            parts.Add(new Part(null, name, fallback));
            i = close + 2;
        }
        if (literal.Length > 0) parts.Add(new Part(literal.ToString(), null, null));
        return new CannedTemplate(parts);
    }

    /// <summary>The text with each variable's value (or fallback); variables with neither are rendered empty and reported.</summary>
    public (string Text, IReadOnlyList<string> Missing) Render(CannedRenderContext context)
    {
        var text = new StringBuilder();
        var missing = new List<string>();
        foreach (var part in _parts)
        {
            if (part.Literal is not null) { text.Append(part.Literal); continue; }
            var value = Value(part.Variable!, context);
            if (string.IsNullOrWhiteSpace(value)) value = part.Fallback;
            if (value is null && !missing.Contains(part.Variable!)) missing.Add(part.Variable!);
            text.Append(value);
        }
        return (text.ToString(), missing);
    }

    private static string? Value(string variable, CannedRenderContext context) => variable switch
    {
        CustomerName => context.CustomerName,
        AgentName => context.AgentName,
        CaseReference => context.CaseReference,
        _ => null,
    };
}

/// <param name="Position">1-based character position of the placeholder at fault.</param>
public sealed class CannedTemplateException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
