namespace Engine.Tests.Routing;

using Engine.Persistence;
using Engine.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using static RoutingTestData;

/// <summary>
/// What every queue store must do, run against each implementation: entries come back as the partition last wrote
/// them (offer, agents tried), removals and roster changes stick, and partitions never see each other's rows.
/// Entries are made by a real <see cref="QueueBook"/>, so the changes written are the ones a partition writes.
/// </summary>
public abstract class QueueStoreContract
{
    public static readonly StoredPayloads Payloads = StoredPayloads.Standalone;

    protected abstract IQueueStore Store { get; }

    private readonly PartitionAddress _address = new($"t{Guid.NewGuid():N}"[..12], "general", 3);

    private QueueBook Book() => new(_address.Tenant, _address.Partition,
        QueueDefinition.Default("general") with { OfferTimeout = TimeSpan.FromSeconds(30) }, TimeProvider.System);

    private Task Write(QueueBook book, PartitionAddress? address = null, string[]? added = null, string[]? removed = null)
    {
        var (upserted, gone) = book.TakeChanges();
        return Store.Write(address ?? _address, new PartitionChanges(upserted, gone, added ?? [], removed ?? [], book.AssignedCount), CancellationToken.None);
    }

    [Fact]
    public async Task Entries_load_back_with_their_offer_and_the_agents_already_tried()
    {
        var book = Book();
        var (first, second) = (Ticket(enteredMinute: 0), Ticket(enteredMinute: 1));
        book.Enqueue(first);
        book.Enqueue(second);
        var declined = Assert.Single(book.Pull(Agent("ann", social: 1)));
        book.Declined(first.ConversationId, declined.Offer.OfferId, "ann");
        await Write(book, added: ["ann", "bob"]);
        var offer = Assert.Single(book.Pull(Agent("bob", social: 1))).Offer;
        await Write(book);

        var read = await Store.Load(_address, CancellationToken.None);

        Assert.Equal(2, read.Entries.Count);
        var stored = read.Entries.Single(e => e.Ticket.ConversationId == first.ConversationId);
        Assert.Equal(first.EnteredAt, stored.Ticket.EnteredAt);
        Assert.Equal((offer.OfferId, offer.ExpiresAt, "bob"), (stored.Offer!.OfferId, stored.Offer.ExpiresAt, stored.OfferedTo));
        Assert.Equal(["ann"], stored.Tried);
        var waiting = read.Entries.Single(e => e.Ticket.ConversationId == second.ConversationId);
        Assert.Null(waiting.Offer);
        Assert.Equal(["ann", "bob"], read.Agents.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Assigned_and_removed_entries_and_departed_agents_are_gone_and_the_count_is_kept()
    {
        var book = Book();
        var (assigned, kept, removed) = (Ticket(enteredMinute: 0), Ticket(enteredMinute: 1), Ticket(enteredMinute: 2));
        foreach (var t in new[] { assigned, kept, removed }) book.Enqueue(t);
        await Write(book, added: ["ann", "bob"]);
        var offer = Assert.Single(book.Pull(Agent("ann", social: 1))).Offer;
        Assert.Equal(assigned.ConversationId, offer.ConversationId);
        Assert.True(book.Confirm(offer.ConversationId, offer.OfferId, "ann"));
        book.Remove(removed.ConversationId);
        // Writing the same departure twice, or adding an agent already stored, changes nothing more.
        await Write(book, added: ["ann"], removed: ["bob", "bob"]);

        var read = await Store.Load(_address, CancellationToken.None);

        Assert.Equal(kept.ConversationId, Assert.Single(read.Entries).Ticket.ConversationId);
        Assert.Equal(["ann"], read.Agents);
        Assert.Equal(1, read.Assigned);
    }

    [Fact]
    public async Task Partitions_of_other_queues_tenants_and_numbers_do_not_see_each_others_rows()
    {
        var others = new[] { _address with { Partition = 4 }, _address with { QueueId = "vip" }, _address with { Tenant = _address.Tenant + "x" } };
        var book = Book();
        var ticket = Ticket();
        book.Enqueue(ticket);
        await Write(book, added: ["ann"]);
        foreach (var other in others)
        {
            var otherBook = Book();
            otherBook.Enqueue(Ticket());
            await Write(otherBook, other, added: ["zed"]);
        }

        var read = await Store.Load(_address, CancellationToken.None);

        Assert.Equal(ticket.ConversationId, Assert.Single(read.Entries).Ticket.ConversationId);
        Assert.Equal(["ann"], read.Agents);
        foreach (var other in others)
            Assert.Equal(["zed"], (await Store.Load(other, CancellationToken.None)).Agents);
        Assert.Empty((await Store.Load(_address with { Partition = 9 }, CancellationToken.None)).Entries);
    }
}
