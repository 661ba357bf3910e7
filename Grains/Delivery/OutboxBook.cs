namespace Engine.Delivery;

/// <summary>One stored outbox entry: what to send, how often it was tried, and, once settled, how it ended.</summary>
/// <param name="Outcome">Set once delivered or failed for good; the entry stays until its conversation recorded it.</param>
[GenerateSerializer, Alias("engine.OutboxItem")]
public sealed record OutboxItem(
    [property: Id(0)] OutboxEntry Entry,
    [property: Id(1)] int Attempts,
    [property: Id(2)] DateTimeOffset NextAttemptAt,
    [property: Id(3)] string? LastError,
    [property: Id(4)] DeliveryReport? Outcome);

[GenerateSerializer, Alias("engine.OutboxState")]
public sealed class OutboxState
{
    [Id(0)] public List<OutboxItem> Items { get; set; } = [];
}

/// <summary>
/// The rules of an outbox partition, without a cluster: one entry per idempotency key; an entry is sent when due and
/// not already on its way; a transient failure backs off exponentially until <see cref="DeliveryOptions.MaxAge"/>,
/// then fails; a settled entry is reported to its conversation until that is confirmed. "On its way" is kept in
/// memory only, with a limit, so a send or report whose answer never came is tried again.
/// </summary>
public sealed class OutboxBook(DeliveryOptions options)
{
    /// <summary>After this long without an answer a send or a report counts as lost and is tried again.</summary>
    public static readonly TimeSpan BusyLimit = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, OutboxItem> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _busyUntil = new(StringComparer.Ordinal);

    public IReadOnlyCollection<OutboxItem> Items => _items.Values;

    public int Count => _items.Count;

    public int InFlight(DateTimeOffset now) => _busyUntil.Count(b => b.Value > now && _items.TryGetValue(b.Key, out var i) && i.Outcome is null);

    public OutboxItem? Find(string key) => _items.GetValueOrDefault(key);

    public void Restore(OutboxItem item) => _items[item.Entry.IdempotencyKey] = item;

    /// <returns>False when an entry with the same key is already held: a repeated enqueue changes nothing.</returns>
    public bool Add(OutboxEntry entry, DateTimeOffset now) =>
        _items.TryAdd(entry.IdempotencyKey, new OutboxItem(entry, 0, now, null, null));

    /// <summary>Due entries, oldest first, marked as on their way.</summary>
    public IReadOnlyList<OutboxEntry> TakeDue(DateTimeOffset now, int limit)
    {
        var due = _items.Values.Where(i => i.Outcome is null && i.NextAttemptAt <= now && !IsBusy(i, now))
            .OrderBy(i => i.NextAttemptAt).ThenBy(i => i.Entry.QueuedAt).Take(Math.Max(0, limit)).ToList();
        foreach (var item in due) _busyUntil[item.Entry.IdempotencyKey] = now + BusyLimit;
        return due.Select(i => i.Entry).ToList();
    }

    /// <summary>Records how an attempt ended. Null when there is nothing to change (unknown or already settled).</summary>
    public OutboxItem? Attempted(string key, DeliveryAttempt attempt, DateTimeOffset now)
    {
        if (!_items.TryGetValue(key, out var item) || item.Outcome is not null) return null;
        _busyUntil.Remove(key);
        var attempts = item.Attempts + 1;
        var message = item.Entry.MessageId;
        var next = attempt.Kind switch
        {
            DeliveryAttemptKind.Delivered => item with
            {
                Attempts = attempts, LastError = null,
                Outcome = new DeliveryReport(message, DeliveryOutcome.Sent, attempts, null, attempt.RemoteMessageId, now),
            },
            DeliveryAttemptKind.Permanent => item with
            {
                Attempts = attempts, LastError = attempt.Reason,
                Outcome = new DeliveryReport(message, DeliveryOutcome.Failed, attempts, attempt.Reason, null, now),
            },
            _ when now + Backoff(attempts) - item.Entry.QueuedAt > options.MaxAge => item with
            {
                Attempts = attempts, LastError = attempt.Reason,
                Outcome = new DeliveryReport(message, DeliveryOutcome.Failed, attempts,
                    $"gave up after {attempts} attempts over {(now - item.Entry.QueuedAt).TotalMinutes:0.#} min: {attempt.Reason}", null, now),
            },
            _ => item with { Attempts = attempts, LastError = attempt.Reason, NextAttemptAt = now + Backoff(attempts) },
        };
        _items[key] = next;
        return next;
    }

    /// <summary>Settled entries whose report is not on its way, marked as on their way.</summary>
    public IReadOnlyList<OutboxItem> TakeUnreported(DateTimeOffset now)
    {
        var settled = _items.Values.Where(i => i.Outcome is not null && !IsBusy(i, now)).ToList();
        foreach (var item in settled) _busyUntil[item.Entry.IdempotencyKey] = now + BusyLimit;
        return settled;
    }

    public bool Remove(string key)
    {
        _busyUntil.Remove(key);
        return _items.Remove(key);
    }

    /// <summary>When something next needs doing: a retry falls due, or a send or report counts as lost.</summary>
    public DateTimeOffset? NextWake(DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var item in _items.Values)
        {
            var at = _busyUntil.TryGetValue(item.Entry.IdempotencyKey, out var busy) && busy > now ? busy
                : item.Outcome is null ? item.NextAttemptAt : now;
            if (next is null || at < next) next = at;
        }
        return next;
    }

    public TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(Math.Max(attempts - 1, 0), 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.FirstRetryDelay.Ticks * factor, options.MaxRetryDelay.Ticks));
        return delay;
    }

    private bool IsBusy(OutboxItem item, DateTimeOffset now) =>
        _busyUntil.TryGetValue(item.Entry.IdempotencyKey, out var until) && until > now;
}
