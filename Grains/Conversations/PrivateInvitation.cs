namespace Engine.Conversations;

using System.Text.RegularExpressions;

/// <summary>
/// Recognises a brand's public reply that moves the customer to a private channel ("please DM us", "send us a
/// private message"), the public → private hand-off of social customer service.
/// </summary>
public static partial class PrivateInvitation
{
    [GeneratedRegex(@"\b(dm|dms|direct message|direct messages|private message|private messages|message us privately|pm us|send us a pm|inbox us|privately)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Invitation();

    public static bool IsInvitation(string text) => Invitation().IsMatch(text);
}
