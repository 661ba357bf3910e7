namespace Engine.Persistence;

using System.Data.Common;
using Engine.Conversations;

/// <summary>How a list summary is laid out in a <c>conversations</c> row, shared by the SQL stores.</summary>
public static class ConversationRows
{
    public const string Columns = "id, tenant, customer_id, status, priority, channels, message_count, created_at, updated_at, last_preview, assignee, risk, listening";

    /// <summary>Channels as <c>,X,Messenger,</c> so a filter is a plain substring test for <c>,X,</c>.</summary>
    public static string Channels(IEnumerable<ChannelKind> channels) => $",{string.Join(',', channels)},";

    public static string ChannelNeedle(ChannelKind channel) => $",{channel},";

    public static ConversationSummary Read(DbDataReader row, Func<DbDataReader, int, Guid> guid, Func<DbDataReader, int, DateTimeOffset> time) => new(
        guid(row, 0),
        row.GetString(1),
        row.IsDBNull(2) ? null : guid(row, 2),
        (ConversationStatus)row.GetInt32(3),
        (Priority)row.GetInt32(4),
        row.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<ChannelKind>).ToList(),
        row.GetInt32(6),
        time(row, 7),
        time(row, 8),
        row.IsDBNull(9) ? null : row.GetString(9),
        row.IsDBNull(10) ? null : row.GetString(10),
        row.IsDBNull(11) ? null : row.GetDouble(11),
        row.GetBoolean(12));
}
