namespace Engine.Canned;

using System.Globalization;
using Engine.Conversations;

/// <summary>
/// How long a reply each channel accepts, counted in user-perceived characters (text elements), so an emoji or an
/// accented letter counts once. X's own weighting (URLs as 23, CJK as 2) is not modelled: this is the plain count.
/// </summary>
public static class ChannelTextLimits
{
    /// <summary>The channel's limit, or null when the engine knows none (email, web chat, reviews).</summary>
    public static int? For(ChannelKind channel) => channel switch
    {
        ChannelKind.X => 280,
        ChannelKind.Instagram => 2_200,
        ChannelKind.Messenger => 2_000,
        ChannelKind.Facebook => 8_000,
        ChannelKind.WhatsApp => 4_096,
        ChannelKind.Sms => 1_600,
        _ => null,
    };

    public static int Length(string text) => new StringInfo(text).LengthInTextElements;
}
