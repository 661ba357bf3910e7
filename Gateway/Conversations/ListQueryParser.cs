namespace Engine.Gateway.Conversations;

using System.Globalization;
using System.Text;
using Engine.Conversations;
using Microsoft.AspNetCore.WebUtilities;

/// <summary>Reads the list query string (status, channel, updatedSince, limit, cursor, listening) with an error per bad field.</summary>
public static class ListQueryParser
{
    public const int MaxLimit = 200;

    public static (ConversationQuery Query, InputRules.Errors Errors) Parse(
        string? status, string? channel, string? updatedSince, string? limit, string? cursor, string? listening = null)
    {
        var errors = new InputRules.Errors();
        var query = new ConversationQuery();

        if (status is not null)
        {
            if (Enum.TryParse<ConversationStatus>(status, ignoreCase: true, out var s) && !int.TryParse(status, out _)) query = query with { Status = s };
            else errors.Add("status", $"Must be one of: {Names<ConversationStatus>()}.");
        }
        if (channel is not null)
        {
            if (Enum.TryParse<ChannelKind>(channel, ignoreCase: true, out var c) && !int.TryParse(channel, out _)) query = query with { Channel = c };
            else errors.Add("channel", $"Must be one of: {Names<ChannelKind>()}.");
        }
        if (updatedSince is not null)
        {
            if (DateTimeOffset.TryParse(updatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
                query = query with { UpdatedSince = since };
            else errors.Add("updatedSince", "Must be an ISO 8601 date and time.");
        }
        if (limit is not null)
        {
            if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit)
                query = query with { Limit = n };
            else errors.Add("limit", $"Must be a whole number from 1 to {MaxLimit}.");
        }
        if (listening is not null)
        {
            if (bool.TryParse(listening, out var proactive)) query = query with { Listening = proactive };
            else errors.Add("listening", "Must be true (opened by a listening feed) or false.");
        }
        if (cursor is not null)
        {
            if (DecodeCursor(cursor) is { } after) query = query with { After = after };
            else errors.Add("cursor", "Not a cursor this API issued.");
        }
        return (query, errors);
    }

    public static string EncodeCursor(ListCursor cursor) =>
        WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes($"{cursor.UpdatedAt.UtcTicks}:{cursor.Id:N}"));

    public static ListCursor? DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.ASCII.GetString(WebEncoders.Base64UrlDecode(cursor));
            var parts = text.Split(':');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[1], "N", out var id)
                ? new ListCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Names<T>() where T : struct, Enum =>
        string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
}
