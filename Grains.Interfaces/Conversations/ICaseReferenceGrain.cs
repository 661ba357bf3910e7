namespace Engine.Conversations;

using System.Text.RegularExpressions;

/// <summary>The conversation a case reference was handed out for (in an invitation to private). Key: <see cref="CaseReferences.Key"/>.</summary>
[Alias("engine.ICaseReferenceGrain")]
public interface ICaseReferenceGrain : IGrainWithStringKey
{
    Task Register(Guid conversationId);

    Task<Guid?> Conversation();
}

/// <summary>Case references: 3-32 letters, digits or '-', with at least one digit, compared without case.</summary>
public static partial class CaseReferences
{
    [GeneratedRegex(@"(?<![A-Za-z0-9-])(?=[A-Za-z-]*[0-9])[A-Za-z0-9-]{3,32}(?![A-Za-z0-9-])", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    /// <summary>How many tokens of one DM are looked up, so a message full of numbers costs a bounded number of calls.</summary>
    public const int MaxLookups = 3;

    public static bool IsValid(string reference) => Reference().Match(reference) is { Success: true } m && m.Length == reference.Length;

    public static string Key(string tenant, string reference) => $"{tenant}/{reference.ToUpperInvariant()}";

    /// <summary>Tokens of a message that could be a case reference, in order, without repeats.</summary>
    public static IEnumerable<string> Candidates(string text) =>
        Reference().Matches(text).Select(m => m.Value.ToUpperInvariant()).Distinct(StringComparer.Ordinal).Take(MaxLookups);
}
