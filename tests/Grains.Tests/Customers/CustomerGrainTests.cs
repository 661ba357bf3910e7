namespace Engine.Tests.Customers;

using Engine.Conversations;
using Engine.Customers;
using Engine.Tests.Hosting;

/// <summary>Linking, unlinking and merging customers in a cluster: the identity lookup, the conversations and the redirects.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CustomerGrainTests(ClusterFixture fixture)
{
    private readonly string _tenant = $"c{Guid.NewGuid():N}"[..12];
    private IInboundGrain Inbound => fixture.Client.GetGrain<IInboundGrain>(0);
    private ICustomerMergeGrain Merges => fixture.Client.GetGrain<ICustomerMergeGrain>(_tenant);

    private InboundMessage Message(string id, string author, ChannelKind channel = ChannelKind.X, Visibility visibility = Visibility.Public,
        string? threadKey = null) => new(_tenant, channel, visibility, id, new MessageAuthor(AuthorKind.Customer, author), $"text {id}",
        fixture.Clock.GetUtcNow(), fixture.Clock.GetUtcNow(), threadKey);

    private ICustomerIdentityGrain Identity(string identity) => fixture.Client.GetGrain<ICustomerIdentityGrain>(CustomerKeys.Identity(_tenant, identity));

    private ICustomerGrain Customer(Guid id) => fixture.Client.GetGrain<ICustomerGrain>(CustomerKeys.Customer(_tenant, id));

    private async Task<(Guid Customer, Guid Conversation)> CustomerWithConversation(string identity, ChannelKind channel = ChannelKind.X)
    {
        var visibility = channel == ChannelKind.X ? Visibility.Public : Visibility.Private;
        var outcome = await Inbound.Accept(Message($"m-{Guid.NewGuid():N}", identity, channel, visibility, threadKey: $"k-{Guid.NewGuid():N}"));
        return (await Identity(identity).CustomerId(), outcome.ConversationId);
    }

    [Fact]
    public async Task A_merge_keeps_the_conversations_lists_them_under_the_survivor_and_redirects_the_identities()
    {
        var (survivor, publicCase) = await CustomerWithConversation("x:500");
        var (merged, privateCase) = await CustomerWithConversation("messenger:600", ChannelKind.Messenger);

        var outcome = await Merges.Merge(survivor, merged, "sup-1");

        Assert.Equal(survivor, outcome.Survivor);
        var view = await Customer(survivor).Get();
        Assert.Equal(["x:500", "messenger:600"], view.Identities);
        Assert.Equal([publicCase, privateCase], view.Conversations!.Keys.OrderBy(k => k == publicCase ? 0 : 1));
        Assert.Equal([merged], view.MergedFrom);
        Assert.Equal(survivor, (await Customer(merged).Get()).MergedInto);
        Assert.Equal(survivor, await Identity("messenger:600").CustomerId());
        // The merged customer's conversation is intact: same messages, same customer id, which now redirects.
        var conversation = await fixture.Client.GetGrain<IConversationGrain>(privateCase).Get(_tenant);
        Assert.Equal(merged, conversation!.CustomerId);
        Assert.Single(conversation.Threads.Single().Messages);
        var audit = Assert.Single(view.Audit!);
        Assert.Equal(("merged-from", "sup-1"), (audit.Action, audit.By));
    }

    [Fact]
    public async Task After_a_merge_the_merged_customers_conversations_report_to_the_survivor()
    {
        var (survivor, _) = await CustomerWithConversation("x:510");
        var (merged, _) = await CustomerWithConversation("x:511");
        await Merges.Merge(survivor, merged, "sup-1");

        // A new public thread from the merged identity: its customer is the survivor, which tracks it as active.
        var later = await Inbound.Accept(Message($"m-{Guid.NewGuid():N}", "x:511", threadKey: $"k-{Guid.NewGuid():N}"));
        var view = await Customer(survivor).Get();
        Assert.Contains(later.ConversationId, view.ActiveConversations);
        Assert.Empty((await Customer(merged).Get()).ActiveConversations.Except(view.ActiveConversations));
    }

    [Fact]
    public async Task Linking_an_identity_of_another_customer_is_a_conflict_and_changes_nothing()
    {
        var (ann, _) = await CustomerWithConversation("x:520");
        var (bob, _) = await CustomerWithConversation("x:521");

        var error = await Customer(ann).Link("x:521", "agent-1");

        Assert.Equal(CommandErrorKind.Conflict, error?.Kind);
        Assert.Equal(bob, await Identity("x:521").CustomerId());
        Assert.Equal(["x:520"], (await Customer(ann).Get()).Identities);
    }

    [Fact]
    public async Task Two_concurrent_links_of_one_new_identity_give_it_to_exactly_one_customer()
    {
        var (ann, _) = await CustomerWithConversation("x:530");
        var (bob, _) = await CustomerWithConversation("x:531");

        var errors = await Task.WhenAll(Customer(ann).Link("email:shared@example.com", "a"), Customer(bob).Link("email:shared@example.com", "b"));

        Assert.Single(errors, e => e is null);
        var owner = await Identity("email:shared@example.com").Owner();
        var winner = errors[0] is null ? ann : bob;
        Assert.Equal(winner, owner);
        Assert.Contains("email:shared@example.com", (await Customer(winner).Get()).Identities);
        Assert.DoesNotContain("email:shared@example.com", (await Customer(winner == ann ? bob : ann).Get()).Identities);
    }

    [Fact]
    public async Task An_unlinked_identity_starts_a_customer_of_its_own_with_its_next_message()
    {
        var (ann, _) = await CustomerWithConversation("x:540");
        Assert.Null(await Customer(ann).Link("email:ann540@example.com", "agent-1"));
        Assert.Equal(ann, await Identity("email:ann540@example.com").CustomerId());

        Assert.Null(await Customer(ann).Unlink("email:ann540@example.com", "agent-2"));

        Assert.Equal(CommandErrorKind.NotFound, (await Customer(ann).Unlink("email:ann540@example.com", "agent-2"))?.Kind);
        Assert.Null(await Identity("email:ann540@example.com").Owner());
        Assert.NotEqual(ann, await Identity("email:ann540@example.com").CustomerId());
        var view = await Customer(ann).Get();
        Assert.Equal(["x:540"], view.Identities);
        Assert.Equal(["identity-linked", "identity-unlinked"], view.Audit!.Select(a => a.Action));
    }

    [Fact]
    public async Task Concurrent_merges_into_one_customer_and_crossing_merges_lose_no_identity()
    {
        var customers = new List<Guid>();
        for (var i = 0; i < 6; i++) customers.Add((await CustomerWithConversation($"x:55{i}")).Customer);
        var (target, others) = (customers[0], customers.Skip(1).ToList());

        // Every other customer into the target at once, plus two merges that cross (1 into 2 while 2 into 1).
        var merges = others.Select(o => Merges.Merge(target, o, "sup")).Append(Merges.Merge(others[1], others[0], "sup"))
            .Append(Merges.Merge(others[0], others[1], "sup"));
        var outcomes = await Task.WhenAll(merges);

        Assert.All(outcomes, o => Assert.True(o.Error is null || o.Error.Kind == CommandErrorKind.Conflict || o.Error.Kind == CommandErrorKind.Invalid, o.Error?.Message));
        var identities = Enumerable.Range(0, 6).Select(i => $"x:55{i}").ToList();
        var survivors = new HashSet<Guid>();
        foreach (var identity in identities)
        {
            var owner = (await Identity(identity).Owner())!.Value;
            while ((await Customer(owner).Get()).MergedInto is { } next) owner = next;
            survivors.Add(owner);
        }
        var survivor = Assert.Single(survivors);
        Assert.Equal(identities.Order(), (await Customer(survivor).Get()).Identities.Order());
        Assert.Equal(6, (await Customer(survivor).Get()).Conversations!.Count);
    }

    [Fact]
    public async Task An_identity_linked_while_its_customer_is_being_merged_ends_up_with_the_survivor()
    {
        for (var round = 0; round < 10; round++)
        {
            var (survivor, _) = await CustomerWithConversation($"x:57{round}0");
            var (merged, _) = await CustomerWithConversation($"x:57{round}1");
            var email = $"email:r{round}@example.com";

            await Task.WhenAll(Customer(merged).Link(email, "agent-1"), Merges.Merge(survivor, merged, "sup-1"));

            var owner = (await Identity(email).Owner())!.Value;
            Assert.True(owner == survivor || (await Customer(owner).Get()).MergedInto == survivor, $"round {round}: owner {owner}");
            Assert.Contains(email, (await Customer(survivor).Get()).Identities);
        }
    }

    [Fact]
    public async Task Merging_a_customer_into_itself_or_a_missing_one_is_refused()
    {
        var (ann, _) = await CustomerWithConversation("x:560");
        Assert.Equal(CommandErrorKind.Invalid, (await Merges.Merge(ann, ann, "sup")).Error?.Kind);
        Assert.Equal("from", (await Merges.Merge(ann, Guid.NewGuid(), "sup")).Error?.Field);
        Assert.Equal(CommandErrorKind.NotFound, (await Merges.Merge(Guid.NewGuid(), ann, "sup")).Error?.Kind);
        // Another tenant's merge grain does not see this tenant's customer.
        Assert.Equal(CommandErrorKind.NotFound, (await fixture.Client.GetGrain<ICustomerMergeGrain>("other").Merge(ann, ann, "sup")).Error?.Kind);
    }
}
