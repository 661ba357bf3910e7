namespace Engine.Realtime;

/// <summary>
/// Whether a stream that has no rows must still look for the grain state an earlier version kept it in
/// (<see cref="RealtimeStreamGrain"/>). That look is a read on every new stream (every new conversation's); once the
/// store says no such state is left, this silo stops looking, for good: this version never writes it. While some is
/// left it asks again at most once a minute, so the look stops soon after the last old stream moved. A store that
/// cannot be asked (an error) means looking, as before.
/// </summary>
public sealed class LegacyStreamCheck(IRealtimeStreamStore store, TimeProvider clock)
{
    public static readonly TimeSpan AskEvery = TimeSpan.FromMinutes(1);

    private Task<bool>? _answer;
    private DateTimeOffset _askedAt;

    public async Task<bool> Needed()
    {
        var answer = _answer;
        var now = clock.GetUtcNow();
        if (answer is null || answer.IsFaulted || answer.IsCanceled
            || (answer.IsCompletedSuccessfully && answer.Result && now - _askedAt >= AskEvery))
        {
            // Several activations may ask at once; the last answer kept wins, and each is the store's.
            (_askedAt, _answer) = (now, answer = store.MayHoldLegacyStreams(CancellationToken.None));
        }
        try
        {
            return await answer;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return true;
        }
    }
}
