namespace Engine.Canned;

using System.Text.RegularExpressions;
using Engine.Conversations;

/// <summary>What a canned response must be to be saved; each error names the field at fault.</summary>
public static partial class CannedResponseRules
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 5_000;
    public const int MaxResponses = 5_000;

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,31}$")]
    private static partial Regex ShortcutPattern();

    /// <summary>Shortcuts are compared without case and without the leading '/' agents type.</summary>
    public static string NormalizeShortcut(string shortcut) => shortcut.Trim().TrimStart('/').ToLowerInvariant();

    public static CommandError? Check(CannedResponseDraft draft)
    {
        if (!ShortcutPattern().IsMatch(NormalizeShortcut(draft.Shortcut ?? "")))
            return Invalid("shortcut", "1-32 letters, digits, '_', '.' or '-', starting with a letter or digit (a leading '/' is dropped).");
        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Length > MaxTitleLength)
            return Invalid("title", $"Required, at most {MaxTitleLength} characters.");
        if (string.IsNullOrWhiteSpace(draft.Text) || draft.Text.Length > MaxTextLength)
            return Invalid("text", $"Required, at most {MaxTextLength} characters.");
        if (string.IsNullOrWhiteSpace(draft.By))
            return Invalid("by", "Required: who saves the response.");
        try
        {
            CannedTemplate.Parse(draft.Text);
        }
        catch (CannedTemplateException e)
        {
            return Invalid("text", e.Message);
        }
        return null;
    }

    /// <summary>A reply counts as unedited when its text is the rendered text, ignoring line-ending style and outer whitespace.</summary>
    public static bool IsUnedited(string rendered, string sent) =>
        string.Equals(Normalize(rendered), Normalize(sent), StringComparison.Ordinal);

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static CommandError Invalid(string field, string message) => new(CommandErrorKind.Invalid, message, field);
}
