namespace Engine.Gateway.Conversations;

using System.Text.RegularExpressions;

/// <summary>Limits and formats every API input is held to. The field names are the JSON ones, so errors point at them.</summary>
public static partial class InputRules
{
    public const int MaxTextLength = 20_000;
    public const int MaxIdLength = 256;
    public const int MaxAttachments = 20;
    public const int MaxUrlLength = 2_048;
    public const long MaxBodyBytes = 1024 * 1024;
    /// <summary>More followers than any account has ever had: a larger count is a broken payload.</summary>
    public const long MaxFollowers = 10_000_000_000;
    /// <summary>Nothing on a social platform predates this; anything earlier is a broken timestamp.</summary>
    public static readonly DateTimeOffset EarliestTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromDays(1);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    public static partial Regex TenantPattern();

    [GeneratedRegex("^[a-z][a-z0-9]{0,31}:[^\\s]{1,200}$")]
    public static partial Regex IdentityPattern();

    public sealed class Errors : Dictionary<string, string[]>
    {
        public void Add(string field, string message) =>
            this[field] = TryGetValue(field, out var existing) ? [.. existing, message] : [message];

        public void RequireId(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) Add(field, "Required.");
            else if (value.Length > MaxIdLength) Add(field, $"At most {MaxIdLength} characters.");
            else if (HasControlCharacters(value)) Add(field, "Must not contain control characters.");
        }

        public void OptionalId(string field, string? value)
        {
            if (value is not null) RequireId(field, value);
        }

        public void RequireText(string field, string? value, bool allowEmpty = false)
        {
            if (value is null || (!allowEmpty && string.IsNullOrWhiteSpace(value))) Add(field, "Required.");
            else if (value.Length > MaxTextLength) Add(field, $"At most {MaxTextLength} characters.");
            else if (HasForbiddenControlCharacters(value)) Add(field, "Must not contain control characters other than line breaks and tabs.");
        }

        public void Identity(string field, string? value, bool required)
        {
            if (value is null) { if (required) Add(field, "Required."); return; }
            if (!IdentityPattern().IsMatch(value))
                Add(field, "Must be a platform identity such as 'x:115712' or 'email:ann@example.com'.");
        }

        public void Attachments(string field, IReadOnlyList<string>? urls)
        {
            if (urls is null) return;
            if (urls.Count > MaxAttachments) Add(field, $"At most {MaxAttachments} attachments.");
            for (var i = 0; i < urls.Count && i < MaxAttachments; i++)
                if (urls[i] is not { Length: <= MaxUrlLength } url
                    || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                    || uri.Scheme is not ("https" or "http"))
                    Add($"{field}[{i}]", "Must be an absolute http(s) URL.");
        }
    }

    public static bool HasControlCharacters(string value) => value.Any(char.IsControl);

    public static bool HasForbiddenControlCharacters(string value) =>
        value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
}
