namespace Engine.Tests.Channels;

using Engine.Channels;
using Engine.Conversations;

public sealed class ChannelWindowsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ChannelKind.Messenger, 6 * 24 + 23, true)]
    [InlineData(ChannelKind.Messenger, 7 * 24 + 1, false)]
    [InlineData(ChannelKind.Instagram, 7 * 24 + 1, false)]
    [InlineData(ChannelKind.WhatsApp, 23, true)]
    [InlineData(ChannelKind.WhatsApp, 25, false)]
    [InlineData(ChannelKind.Email, 24 * 365, true)]
    public void Private_windows_run_from_the_customers_last_message(ChannelKind channel, int hoursAgo, bool open)
    {
        var window = ChannelWindows.For(channel, Visibility.Private, Now.AddHours(-hoursAgo), false, Now);
        Assert.Equal(open, window.Open);
    }

    [Fact]
    public void A_window_says_until_when_and_how_long_is_left()
    {
        var window = ChannelWindows.For(ChannelKind.WhatsApp, Visibility.Private, Now.AddHours(-20), false, Now);
        Assert.Equal(Now.AddHours(4), window.Until);
        Assert.Equal(TimeSpan.FromHours(4), window.Remaining(Now));
        Assert.Contains("24 hours", window.Rule);
    }

    [Fact]
    public void Public_replies_are_always_open_and_cold_X_DMs_are_refused()
    {
        Assert.True(ChannelWindows.For(ChannelKind.X, Visibility.Public, null, false, Now).Open);
        Assert.False(ChannelWindows.For(ChannelKind.X, Visibility.Private, null, false, Now).Open);
        Assert.True(ChannelWindows.For(ChannelKind.X, Visibility.Private, Now.AddDays(-30), true, Now).Open);
        Assert.False(ChannelWindows.For(ChannelKind.Messenger, Visibility.Private, null, false, Now).Open);
    }
}
