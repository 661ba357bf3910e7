namespace Engine.Tests.Canned;

using Engine.Canned;
using Engine.Conversations;
using Engine.Reporting;

/// <summary>The KPI report tells canned replies sent unedited from edited ones and from personal replies.</summary>
public sealed class CannedKpiTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static MessageView Message(int minute, AuthorKind author, CannedUse? canned = null) =>
        new($"m{minute}", new MessageAuthor(author, author == AuthorKind.Customer ? "x:1" : "agent-1"), author.Direction(), "text",
            T0.AddMinutes(minute), T0.AddMinutes(minute), null, [], minute, Canned: canned);

    private static ConversationView Conversation(ChannelKind channel, params MessageView[] messages)
    {
        var clock = new ClockView(null, [], null, TimeSpan.Zero, TimeSpan.Zero, 0, 0);
        var thread = new ThreadView(1, channel, Visibility.Public, "k", T0, messages, clock);
        return new ConversationView(Guid.NewGuid(), "t", null, ConversationStatus.Pending, Priority.Normal, null, T0, T0, null,
            [thread], [], [], clock, messages.Length);
    }

    [Fact]
    public void Agent_replies_in_the_range_are_counted_as_canned_unedited_canned_edited_or_personal_per_group()
    {
        var x = Conversation(ChannelKind.X,
            Message(0, AuthorKind.Customer),
            Message(1, AuthorKind.Agent, new CannedUse("r1", Unedited: true)),
            Message(2, AuthorKind.Agent, new CannedUse("r1", Unedited: true)),
            Message(3, AuthorKind.Agent, new CannedUse("r2", Unedited: false)),
            Message(4, AuthorKind.Agent),
            Message(5, AuthorKind.Bot), // a bot's message is neither canned nor personal
            Message(90, AuthorKind.Agent, new CannedUse("r1", Unedited: true))); // after the range
        var messenger = Conversation(ChannelKind.Messenger,
            Message(10, AuthorKind.Customer),
            Message(11, AuthorKind.Agent),
            Message(12, AuthorKind.Agent));

        var report = KpiCalculator.Report("t", [x, messenger], T0, T0.AddMinutes(60), KpiGrouping.Channel);

        var byGroup = report.Rows.ToDictionary(r => r.Group, r => (r.CannedUneditedReplies, r.CannedEditedReplies, r.PersonalReplies));
        Assert.Equal((2, 1, 1), byGroup["x"]);
        Assert.Equal((0, 0, 2), byGroup["messenger"]);
        Assert.Equal(5, report.Rows.Single(r => r.Group == "x").MessagesOut); // minutes 1-5
    }
}
