namespace Engine.Tests.Canned;

using Engine.Canned;
using Engine.Conversations;

/// <summary>The pure rules of canned responses: variables, their errors, channel limits, search and "unedited".</summary>
public sealed class CannedTemplateTests
{
    private static readonly CannedRenderContext Full = new(ChannelKind.X, "Ann", "Bo", "CASE-42");

    private static CannedResponse Response(string text, string shortcut = "hello", string title = "Greeting") =>
        new("r1", shortcut, title, text, DateTimeOffset.UnixEpoch, "admin", 1);

    [Fact]
    public void Variables_are_replaced_by_the_conversations_values()
    {
        var (text, missing) = CannedTemplate.Parse("Hi {{customer.name}}, {{ agent.name }} here about {{case.reference}}.").Render(Full);
        Assert.Equal("Hi Ann, Bo here about CASE-42.", text);
        Assert.Empty(missing);
    }

    [Fact]
    public void A_missing_value_takes_the_fallback_or_is_rendered_empty_and_reported()
    {
        var template = CannedTemplate.Parse("Hi {{customer.name|there}}, ref {{case.reference}}.");
        var (text, missing) = template.Render(new CannedRenderContext(ChannelKind.X, null, "Bo", null));
        Assert.Equal("Hi there, ref .", text);
        Assert.Equal([CannedTemplate.CaseReference], missing);
    }

    [Theory]
    [InlineData("Hi {{customer.nmae}}!", "Unknown variable 'customer.nmae' at position 4", 4)]
    [InlineData("Dear {{customer.name}}, {{order.id}}", "Unknown variable 'order.id' at position 25", 25)]
    [InlineData("Hi {{customer.name", "Unclosed '{{' at position 4", 4)]
    [InlineData("Hi {{customer.name {{agent.name}}", "Unclosed '{{' at position 4", 4)]
    [InlineData("Hi {{ }}", "Empty variable at position 4", 4)]
    public void Unknown_or_broken_variables_are_refused_with_their_position(string text, string message, int position)
    {
        var error = Assert.Throws<CannedTemplateException>(() => CannedTemplate.Parse(text));
        Assert.StartsWith(message, error.Message);
        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void Saving_a_template_with_an_unknown_variable_names_the_text_field_and_position()
    {
        var error = CannedResponseRules.Check(new CannedResponseDraft("hello", "Greeting", "Hi {{custmer.name}}", "admin"));
        Assert.NotNull(error);
        Assert.Equal("text", error.Field);
        Assert.Contains("position 4", error.Message);
    }

    [Theory]
    [InlineData("/Refund", true)]
    [InlineData("refund-2", true)]
    [InlineData("re fund", false)]
    [InlineData("", false)]
    [InlineData("-refund", false)]
    public void Shortcuts_are_short_words_without_case(string shortcut, bool valid) =>
        Assert.Equal(valid, CannedResponseRules.Check(new CannedResponseDraft(shortcut, "t", "text", "admin")) is null);

    [Fact]
    public void A_render_longer_than_the_x_limit_is_reported_and_one_that_fits_is_not()
    {
        var fits = CannedRenderer.Render(Response(new string('a', 274) + " {{customer.name}}"), Full); // 274 + 1 + "Ann" = 278
        Assert.Equal(278, fits.Length);
        Assert.Equal(280, fits.Limit);
        Assert.False(fits.ExceedsLimit);

        var tooLong = CannedRenderer.Render(Response(new string('a', 274) + " {{customer.name}}"), Full with { CustomerName = "Annabelle" });
        Assert.Equal(284, tooLong.Length);
        Assert.True(tooLong.ExceedsLimit);
    }

    [Fact]
    public void Length_counts_what_a_person_sees_so_an_emoji_is_one_character()
    {
        var rendering = CannedRenderer.Render(Response("Thanks 👍🏽"), Full);
        Assert.Equal(8, rendering.Length);
    }

    [Fact]
    public void Email_has_no_limit_so_nothing_is_exceeded()
    {
        var rendering = CannedRenderer.Render(Response(new string('a', 4_000)), Full with { Channel = ChannelKind.Email });
        Assert.Null(rendering.Limit);
        Assert.False(rendering.ExceedsLimit);
    }

    [Fact]
    public void Search_lists_shortcut_prefix_matches_before_text_matches()
    {
        CannedResponse[] all =
        [
            Response("We are sorry about the refund delay.", "delay", "Delay") with { Id = "a" },
            Response("Your refund is on its way.", "refund", "Refund sent") with { Id = "b" },
            Response("Refunds take 5 days.", "refund-time", "Refund time") with { Id = "c" },
            Response("Hello!", "hello", "Greeting") with { Id = "d" },
        ];
        Assert.Equal(["b", "c", "a"], CannedSearch.Find(all, "/REF", 10).Select(r => r.Id));
        Assert.Equal(["b", "c"], CannedSearch.Find(all, "refund", 2).Select(r => r.Id));
        Assert.Equal(["a", "d", "b", "c"], CannedSearch.Find(all, null, 10).Select(r => r.Id));
    }

    [Theory]
    [InlineData("Hi Ann,\nthanks.", "Hi Ann,\r\nthanks.  ", true)]
    [InlineData("Hi Ann, thanks.", "Hi Ann, thanks!", false)]
    public void A_reply_is_unedited_only_when_its_text_is_the_rendered_text(string rendered, string sent, bool unedited) =>
        Assert.Equal(unedited, CannedResponseRules.IsUnedited(rendered, sent));
}
