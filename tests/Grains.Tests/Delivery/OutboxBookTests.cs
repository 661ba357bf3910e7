namespace Engine.Tests.Delivery;

using Engine.Conversations;
using Engine.Delivery;

public sealed class OutboxBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly DeliveryOptions Options = new()
    {
        FirstRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(1), MaxAge = TimeSpan.FromMinutes(10),
    };

    private static OutboxEntry Entry(string id, DateTimeOffset? at = null) => new(
        DeliveryKeys.IdempotencyKey(Guid.Empty, id), "acme", Guid.Empty, ChannelKind.X, Visibility.Public, "t", id, null,
        "agent-1", "hello", [], at ?? Now);

    private static readonly DeliveryAttempt Unavailable = new(DeliveryAttemptKind.Transient, "HTTP 503 ServiceUnavailable");

    [Fact]
    public void The_same_idempotency_key_is_held_once()
    {
        var book = new OutboxBook(Options);
        Assert.True(book.Add(Entry("m1"), Now));
        Assert.False(book.Add(Entry("m1") with { Text = "changed" }, Now.AddSeconds(1)));
        Assert.Equal("hello", Assert.Single(book.Items).Entry.Text);
    }

    [Fact]
    public void An_entry_on_its_way_is_not_taken_again_until_its_answer_or_the_busy_limit()
    {
        var book = new OutboxBook(Options);
        book.Add(Entry("m1"), Now);

        Assert.Single(book.TakeDue(Now, 10));
        Assert.Empty(book.TakeDue(Now.AddSeconds(30), 10));
        Assert.Equal(1, book.InFlight(Now));
        // An answer that never came: after the limit it is sent again, with the same key.
        Assert.Equal("m1", Assert.Single(book.TakeDue(Now + OutboxBook.BusyLimit, 10)).MessageId);
    }

    [Fact]
    public void Due_entries_are_taken_oldest_first_up_to_the_limit()
    {
        var book = new OutboxBook(Options);
        book.Add(Entry("late", Now.AddSeconds(2)), Now.AddSeconds(2));
        book.Add(Entry("early"), Now);
        book.Add(Entry("middle", Now.AddSeconds(1)), Now.AddSeconds(1));

        Assert.Equal(["early", "middle"], book.TakeDue(Now.AddSeconds(5), 2).Select(e => e.MessageId));
    }

    [Fact]
    public void Transient_failures_back_off_exponentially_up_to_the_cap()
    {
        var book = new OutboxBook(Options);
        Assert.Equal([5, 10, 20, 40, 60, 60], Enumerable.Range(1, 6).Select(n => book.Backoff(n).TotalSeconds));

        book.Add(Entry("m1"), Now);
        book.TakeDue(Now, 10);
        var item = book.Attempted(Entry("m1").IdempotencyKey, Unavailable, Now)!;
        Assert.Null(item.Outcome);
        Assert.Equal((1, Now.AddSeconds(5), "HTTP 503 ServiceUnavailable"), (item.Attempts, item.NextAttemptAt, item.LastError));
        Assert.Empty(book.TakeDue(Now.AddSeconds(4), 10));
        Assert.Single(book.TakeDue(Now.AddSeconds(5), 10));
        Assert.Equal(Now.AddSeconds(5 + OutboxBook.BusyLimit.TotalSeconds), book.NextWake(Now.AddSeconds(5)));
    }

    [Fact]
    public void A_message_still_failing_past_the_max_age_fails_with_the_last_reason_and_the_attempts()
    {
        var book = new OutboxBook(Options);
        book.Add(Entry("m1"), Now);
        var key = Entry("m1").IdempotencyKey;
        OutboxItem? item = null;
        var at = Now;
        for (var i = 0; i < 50 && item?.Outcome is null; i++)
        {
            book.TakeDue(at, 10);
            item = book.Attempted(key, Unavailable, at);
            at = item!.NextAttemptAt;
        }

        var outcome = item!.Outcome!;
        Assert.Equal(DeliveryOutcome.Failed, outcome.Outcome);
        Assert.Contains("gave up after", outcome.Reason);
        Assert.Contains("HTTP 503", outcome.Reason);
        Assert.True(outcome.At - Now <= Options.MaxAge, $"failed at {outcome.At - Now}, past the max age");
        Assert.Equal(item.Attempts, outcome.Attempts);
        Assert.True(item.Attempts > 5);
    }

    [Fact]
    public void A_permanent_refusal_fails_at_once_and_a_late_answer_changes_nothing()
    {
        var book = new OutboxBook(Options);
        book.Add(Entry("m1"), Now);
        book.TakeDue(Now, 10);
        var key = Entry("m1").IdempotencyKey;

        var item = book.Attempted(key, new DeliveryAttempt(DeliveryAttemptKind.Permanent, "HTTP 400 BadRequest: no such thread"), Now)!;

        Assert.Equal((DeliveryOutcome.Failed, 1, "HTTP 400 BadRequest: no such thread"), (item.Outcome!.Outcome, item.Outcome.Attempts, item.Outcome.Reason));
        Assert.Null(book.Attempted(key, new DeliveryAttempt(DeliveryAttemptKind.Delivered), Now));
        Assert.Empty(book.TakeDue(Now.AddHours(1), 10));
    }

    [Fact]
    public void A_settled_entry_is_reported_until_removed_and_then_nothing_is_left_to_do()
    {
        var book = new OutboxBook(Options);
        book.Add(Entry("m1"), Now);
        book.TakeDue(Now, 10);
        var key = Entry("m1").IdempotencyKey;
        book.Attempted(key, new DeliveryAttempt(DeliveryAttemptKind.Delivered, RemoteMessageId: "x-1"), Now);

        var report = Assert.Single(book.TakeUnreported(Now)).Outcome!;
        Assert.Equal((DeliveryOutcome.Sent, 1, "x-1"), (report.Outcome, report.Attempts, report.RemoteMessageId));
        Assert.Empty(book.TakeUnreported(Now.AddSeconds(1)));
        Assert.Single(book.TakeUnreported(Now + OutboxBook.BusyLimit)); // the report was lost: tell again

        Assert.True(book.Remove(key));
        Assert.Null(book.NextWake(Now));
        Assert.Equal(0, book.Count);
    }
}
