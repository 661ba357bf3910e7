namespace Engine.Tests.Conversations;

using Engine.Conversations;
using Engine.Replay;

public sealed class PrivateInvitationTests
{
    [Theory]
    [InlineData("@116140 Please, DM me the information requested above so I can help you with this.-JC", true)]
    [InlineData("@116539 Would you mind following us and sending a Dm when you are so we can gather more info?", true)]
    [InlineData("@117122 Could you send us a private message with your order number?", true)]
    [InlineData("@115938 As the seller is responsible for the courier, they can claim for lost items.", false)]
    [InlineData("@117000 Admin fees are charged per order.", false)]
    public void Recognises_a_move_to_private(string text, bool invitation) =>
        Assert.Equal(invitation, PrivateInvitation.IsInvitation(text));

    [Fact]
    public void Finds_about_the_448_dm_invite_threads_the_corpus_documents()
    {
        // shared/data/README.md: 448 of the 1,312 reply-chain threads have the brand asking the customer to DM.
        var plan = CorpusMapper.Map(TwcsReader.ReadFile(RepositoryPaths.TwcsCorpus));
        var threads = plan.Messages
            .Where(m => m.Body.Author.Kind == "agent" && PrivateInvitation.IsInvitation(m.Body.Text))
            .Select(m => m.Body.ThreadKey).Distinct().Count();
        Assert.InRange(threads, 440, 456);
    }
}
