namespace Engine.Conversations;

/// <summary>
/// A grain's state is lean: it keeps what decisions need and leaves the rest to the conversation's log, which holds
/// everything anyway. It keeps a message's text only while a decision reads it without a store read: the newest
/// message's (the list row's preview) and an outbound message's until its delivery settles (its outbox entry); every
/// other text is replaced by <see cref="TextInStore"/>. Of a message's risk it keeps the score and priority (the
/// approval's highest risk, a rescore's comparison, the list row), not the sentiment, reasons and keywords (~300 B a
/// customer message, read only by the view). Of the status changes it keeps the last (pending since, snoozed until). Whoever needs the rest (the view, a rescore of an old message, a snapshot) folds the log again
/// (<c>ConversationGrain.FullState</c>). Texts were the largest part of an active conversation's own memory (a tweet
/// is ~230 B as a UTF-16 string) and no decision reads an old one.
/// </summary>
public sealed partial class ConversationState
{
    /// <summary>Stands for a text only the store holds. Compared by reference, so no real text is ever taken for it.</summary>
    public static readonly string TextInStore = new("(text in the conversation's log)".AsSpan());

    private int _leftToLog;

    /// <summary>Set on a grain's state: what no decision needs is dropped as it stops being needed.</summary>
    public bool IsLean { get; private set; }

    /// <summary>False when some text or status change is only in the log: views and snapshots need a full fold then.</summary>
    public bool IsComplete => _leftToLog == 0;

    public static bool IsTextInStore(MessageAdded message) => ReferenceEquals(message.Text, TextInStore);

    /// <summary>Whether the state holds this message's text (false also for a message it does not know).</summary>
    public bool HasTextOf(int threadId, string messageId) =>
        Thread(threadId)?.Messages.FindLast(s => s.Message.PlatformMessageId == messageId) is { } stored && !IsTextInStore(stored.Message);

    /// <summary>From now on keeps only what decisions need, and drops the rest it holds already.</summary>
    public ConversationState Lean()
    {
        IsLean = true;
        foreach (var thread in Threads)
            for (var i = 0; i < thread.Messages.Count; i++)
            {
                var stored = thread.Messages[i];
                if (Leaner(stored.Message) is var leaner && ReferenceEquals(leaner, stored.Message)) continue;
                thread.Messages[i] = stored with { Message = leaner };
                if (ReferenceEquals(LastMessage, stored.Message)) LastMessage = leaner;
            }
        foreach (var thread in Threads)
            for (var i = 0; i < thread.Messages.Count; i++)
                DropText(thread, i);
        DropOldStatusChanges();
        return this;
    }

    /// <summary>The message with only the score and priority of its risk, in a lean state.</summary>
    private MessageAdded Leaner(MessageAdded added) =>
        added.Risk is { } risk && LeanRisk(risk) is var lean && !ReferenceEquals(lean, risk) ? added with { Risk = lean } : added;

    private Engine.Insight.RiskAssessment LeanRisk(Engine.Insight.RiskAssessment risk)
    {
        if (!IsLean || (risk.Reasons.Count == 0 && risk.Keywords.Count == 0 && risk.Sentiment == Engine.Insight.SentimentScores.None))
            return risk;
        _leftToLog++;
        return risk with { Sentiment = Engine.Insight.SentimentScores.None, Reasons = [], Keywords = [] };
    }

    private void DropOldStatusChanges()
    {
        if (!IsLean || StatusHistory.Count <= 1) return;
        _leftToLog += StatusHistory.Count - 1;
        StatusHistory.RemoveRange(0, StatusHistory.Count - 1);
        StatusHistory.Capacity = 1;
    }

    /// <summary>A message stopped being the newest, or its delivery settled: its text may go.</summary>
    private void DropTextOf(MessageAdded? message)
    {
        if (!IsLean || message is null || Thread(message.ThreadId) is not { } thread) return;
        var index = thread.Messages.FindLastIndex(s => ReferenceEquals(s.Message, message));
        if (index >= 0) DropText(thread, index);
    }

    private void DropTextOf(int threadId, string messageId)
    {
        if (!IsLean || Thread(threadId) is not { } thread) return;
        var index = thread.Messages.FindLastIndex(s => s.Message.PlatformMessageId == messageId);
        if (index >= 0) DropText(thread, index);
    }

    private void DropText(ThreadState thread, int index)
    {
        var stored = thread.Messages[index];
        var message = stored.Message;
        if (IsTextInStore(message) || ReferenceEquals(message, LastMessage)
            || Deliveries.GetValueOrDefault(message.PlatformMessageId) is DeliveryQueued) return;
        thread.Messages[index] = stored with { Message = message with { Text = TextInStore } };
        _leftToLog++;
    }
}
