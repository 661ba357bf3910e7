namespace Engine.Tests.Persistence;

using Engine.Conversations;
using Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

/// <summary>
/// What every conversation store must do, run against each implementation: appends are ordered and guarded by
/// version, a load gives the snapshot plus the tail after it, and lists page in one stable order.
/// </summary>
public abstract partial class ConversationStoreContract
{
    protected static readonly StoredPayloads Payloads = StoredPayloads.Standalone;

    protected static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    protected abstract IConversationStore Store { get; }

    protected readonly string Tenant = $"t{Guid.NewGuid():N}"[..12];

    protected (ConversationState State, List<ConversationEvent> Events) Conversation(Guid id, int messages, DateTimeOffset? at = null)
    {
        var state = new ConversationState(id);
        var events = new List<ConversationEvent>
        {
            new ConversationStarted(at ?? T0, Tenant, Guid.NewGuid(), null),
            new ThreadOpened(at ?? T0, 1, ChannelKind.X, Visibility.Public, "thread"),
        };
        for (var i = 0; i < messages; i++)
            events.Add(new MessageAdded(at ?? T0, 1, $"m{i}", new MessageAuthor(AuthorKind.Customer, "x:1"), $"text {i}", T0.AddMinutes(i), null, []));
        foreach (var e in events) state.Apply(e);
        return (state, events);
    }

    [Fact]
    public async Task Appended_events_load_back_in_order()
    {
        var id = Guid.NewGuid();
        var (state, events) = Conversation(id, 3);
        await Store.Append(id, 0, events, ConversationProjection.Summary(state), [], CancellationToken.None);

        var read = await Store.Load(id, CancellationToken.None);
        Assert.Null(read.Snapshot);
        Assert.Equal(events, read.Events);
    }

    [Fact]
    public async Task The_list_row_carries_the_assignee()
    {
        var id = Guid.NewGuid();
        var (state, events) = Conversation(id, 1);
        await Store.Append(id, 0, events, ConversationProjection.Summary(state) with { Assignee = "agent-7" }, [], CancellationToken.None);
        var row = Assert.Single((await Store.List(Tenant, new ConversationQuery(), CancellationToken.None)).Items);
        Assert.Equal("agent-7", row.Assignee);
    }

    [Fact]
    public async Task The_list_row_carries_risk_and_the_listening_flag_and_filters_on_it()
    {
        var (proactive, reactive) = (Guid.NewGuid(), Guid.NewGuid());
        var (a, aEvents) = Conversation(proactive, 1);
        await Store.Append(proactive, 0, aEvents, ConversationProjection.Summary(a) with { Risk = 72.5, Listening = true }, [], CancellationToken.None);
        var (b, bEvents) = Conversation(reactive, 1);
        await Store.Append(reactive, 0, bEvents, ConversationProjection.Summary(b), [], CancellationToken.None);

        var row = Assert.Single((await Store.List(Tenant, new ConversationQuery(Listening: true), CancellationToken.None)).Items);
        Assert.Equal((proactive, 72.5, true), (row.Id, row.Risk, row.Listening));
        var other = Assert.Single((await Store.List(Tenant, new ConversationQuery(Listening: false), CancellationToken.None)).Items);
        Assert.Equal((reactive, null, false), (other.Id, other.Risk, other.Listening));
        Assert.Equal(2, (await Store.List(Tenant, new ConversationQuery(), CancellationToken.None)).Items.Count);
    }

    [Fact]
    public async Task Conversations_are_counted_by_tenant_and_status_from_their_latest_row()
    {
        async Task Add(ConversationStatus status)
        {
            var id = Guid.NewGuid();
            var (state, events) = Conversation(id, 1);
            await Store.Append(id, 0, events, ConversationProjection.Summary(state) with { Status = status }, [], CancellationToken.None);
        }
        await Add(ConversationStatus.Open);
        await Add(ConversationStatus.Open);
        await Add(ConversationStatus.Resolved);
        // A later append replaces the row: the conversation moves from open to pending, it is not counted twice.
        var moved = Guid.NewGuid();
        var (movedState, movedEvents) = Conversation(moved, 1);
        await Store.Append(moved, 0, movedEvents, ConversationProjection.Summary(movedState), [], CancellationToken.None);
        var note = new NoteAdded(T0, Guid.NewGuid(), "a-1", "note");
        movedState.Apply(note);
        await Store.Append(moved, movedEvents.Count, [note], ConversationProjection.Summary(movedState) with { Status = ConversationStatus.Pending },
            [], CancellationToken.None);

        var counts = (await Store.CountByStatus(CancellationToken.None)).Where(c => c.Tenant == Tenant)
            .OrderBy(c => c.Status).Select(c => (c.Status, c.Count)).ToList();
        Assert.Equal([(ConversationStatus.Open, 2L), (ConversationStatus.Pending, 1L), (ConversationStatus.Resolved, 1L)], counts);
    }

    [Fact]
    public async Task An_append_at_a_stale_version_is_refused_and_changes_nothing()
    {
        var id = Guid.NewGuid();
        var (state, events) = Conversation(id, 1);
        await Store.Append(id, 0, events, ConversationProjection.Summary(state), [], CancellationToken.None);

        var rival = new NoteAdded(T0, Guid.NewGuid(), "agent", "written by a stale copy");
        await Assert.ThrowsAsync<ConversationVersionConflictException>(() =>
            Store.Append(id, 1, [rival], ConversationProjection.Summary(state), [], CancellationToken.None));
        Assert.Equal(events, (await Store.Load(id, CancellationToken.None)).Events);
    }

    [Fact]
    public async Task Lists_filter_and_page_newest_first_without_gaps_or_repeats()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 9; i++)
        {
            var id = Guid.NewGuid();
            // Pairs share an update time, so the id decides their order.
            var (state, events) = Conversation(id, 1 + i % 2, T0.AddMinutes(i / 2));
            await Store.Append(id, 0, events, ConversationProjection.Summary(state), [], CancellationToken.None);
            ids.Add(id);
        }

        var pages = new List<ConversationSummary>();
        ListCursor? cursor = null;
        do
        {
            var page = await Store.List(Tenant, new ConversationQuery(Limit: 2, After: cursor), CancellationToken.None);
            Assert.True(page.Items.Count <= 2);
            pages.AddRange(page.Items);
            cursor = page.Next;
        } while (cursor is not null);

        Assert.Equal(ids.Count, pages.Count);
        Assert.Equal(ids.Order(), pages.Select(p => p.Id).Order());
        Assert.Equal(pages.Order(ConversationOrder.NewestFirst).Select(p => p.Id), pages.Select(p => p.Id));
        var since = await Store.List(Tenant, new ConversationQuery(UpdatedSince: T0.AddMinutes(3)), CancellationToken.None);
        Assert.Equal(3, since.Items.Count);
        Assert.Empty((await Store.List(Tenant, new ConversationQuery(Channel: ChannelKind.Email), CancellationToken.None)).Items);
        Assert.Empty((await Store.List("someone-else", new ConversationQuery(), CancellationToken.None)).Items);
    }
}

/// <summary>Durable stores also keep snapshots, so activation reads only the tail of a long conversation.</summary>
public abstract class DurableConversationStoreContract : ConversationStoreContract
{
    [Fact]
    public async Task A_load_after_a_snapshot_returns_the_snapshot_and_only_the_later_events()
    {
        var id = Guid.NewGuid();
        var (state, events) = Conversation(id, 5);
        await Store.Append(id, 0, events, ConversationProjection.Summary(state), [], CancellationToken.None);
        await Store.SaveSnapshot(id, state.ToSnapshot(), CancellationToken.None);
        var later = new NoteAdded(T0.AddHours(1), Guid.NewGuid(), "agent", "after the snapshot");
        state.Apply(later);
        await Store.Append(id, events.Count, [later], ConversationProjection.Summary(state), [], CancellationToken.None);

        var read = await Store.Load(id, CancellationToken.None);
        Assert.Equal(events.Count, read.Snapshot?.Version);
        Assert.Equal([later], read.Events);
        var restored = ConversationState.FromSnapshot(id, read.Snapshot!);
        foreach (var e in read.Events) restored.Apply(e);
        Assert.Equal(state.Version, restored.Version);
        Assert.Equal(5, restored.MessageCount);
        Assert.True(restored.TryFindMessage(ChannelKind.X, "m4", out _));
        Assert.Equal(ConversationProjection.View(state, T0), ConversationProjection.View(restored, T0), ViewComparer.Instance);
    }

    [Fact]
    public async Task An_older_snapshot_never_replaces_a_newer_one()
    {
        var id = Guid.NewGuid();
        var (state, events) = Conversation(id, 2);
        await Store.Append(id, 0, events, ConversationProjection.Summary(state), [], CancellationToken.None);
        var newer = state.ToSnapshot();
        await Store.SaveSnapshot(id, newer, CancellationToken.None);
        await Store.SaveSnapshot(id, newer with { Version = 1 }, CancellationToken.None);
        Assert.Equal(newer.Version, (await Store.Load(id, CancellationToken.None)).Snapshot?.Version);
    }
}
