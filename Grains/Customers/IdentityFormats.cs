namespace Engine.Customers;

using System.Text.RegularExpressions;

/// <summary>
/// The identity kinds a person may link by hand and what each value must look like. Values are normalised (handles and
/// e-mail addresses lower-case, phone numbers in E.164) so one person is not two identities by spelling.
/// </summary>
public static partial class IdentityFormats
{
    /// <summary>Messenger identities are what the Messenger webhook records (page-scoped ids), so they can be linked and unlinked too.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["x", "facebook", "messenger", "instagram", "email", "phone", "webchat"];

    [GeneratedRegex("^(?:[0-9]{1,20}|@?[A-Za-z0-9_]{1,15})$")] private static partial Regex X();
    [GeneratedRegex("^[0-9]{1,20}$")] private static partial Regex NumericId();
    [GeneratedRegex("^(?:[0-9]{1,20}|@?[A-Za-z0-9._]{1,30})$")] private static partial Regex Instagram();
    [GeneratedRegex("^[^@\\s:/]{1,64}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+$")] private static partial Regex Email();
    [GeneratedRegex("^\\+[1-9][0-9]{6,14}$")] private static partial Regex Phone();
    [GeneratedRegex("[\\s().-]")] private static partial Regex PhoneSeparators();
    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")] private static partial Regex Webchat();

    /// <summary>The identity as stored (<c>kind:value</c>), or the reason the value does not fit the kind.</summary>
    public static (string? Identity, string? Error) Normalize(string? kind, string? value)
    {
        kind = kind?.Trim().ToLowerInvariant();
        value = value?.Trim();
        if (string.IsNullOrEmpty(kind) || !Kinds.Contains(kind)) return (null, $"Must be one of: {string.Join(", ", Kinds)}.");
        if (string.IsNullOrEmpty(value)) return (null, "Required.");
        return kind switch
        {
            "x" when X().IsMatch(value) => ($"x:{value.TrimStart('@').ToLowerInvariant()}", null),
            "x" => (null, "An X user id (digits) or handle (1-15 letters, digits or '_')."),
            "facebook" or "messenger" when NumericId().IsMatch(value) => ($"{kind}:{value}", null),
            "facebook" or "messenger" => (null, "A Facebook or Messenger id: 1-20 digits."),
            "instagram" when Instagram().IsMatch(value) => ($"instagram:{value.TrimStart('@').ToLowerInvariant()}", null),
            "instagram" => (null, "An Instagram id (digits) or username (1-30 letters, digits, '.' or '_')."),
            "email" when value.Length <= 254 && Email().IsMatch(value) => ($"email:{value.ToLowerInvariant()}", null),
            "email" => (null, "An e-mail address such as ann@example.com."),
            "phone" when Phone().IsMatch(PhoneSeparators().Replace(value, "")) => ($"phone:{PhoneSeparators().Replace(value, "")}", null),
            "phone" => (null, "A phone number in international form, such as +44 20 7946 0958."),
            "webchat" when Webchat().IsMatch(value) => ($"webchat:{value}", null),
            _ => (null, "A web chat visitor id: 1-128 letters, digits, '_' or '-'."),
        };
    }

    /// <summary>Reads <c>kind:value</c> (as in <c>?identity=x:handle</c>).</summary>
    public static (string? Identity, string? Error) Parse(string? identity)
    {
        var colon = identity?.IndexOf(':') ?? -1;
        return colon <= 0 ? (null, "Must be kind:value, such as x:115712 or email:ann@example.com.")
            : Normalize(identity![..colon], identity[(colon + 1)..]);
    }
}
