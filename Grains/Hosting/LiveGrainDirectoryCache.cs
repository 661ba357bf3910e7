namespace Engine.Hosting;

using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Orleans.Configuration;
using Orleans.Runtime.Diagnostics;
using Orleans.Runtime.GrainDirectory;

/// <summary>
/// Orleans' own grain directory cache (its LRU, same size and expiry), less the entries of activations that have gone.
/// On a silo with Orleans' default directory (the distributed hash table) registering an activation puts its address in
/// the silo's cache, and the idle collector's batched unregistration leaves it there: it goes only at the LRU's expiry
/// (<see cref="GrainDirectoryOptions.MaximumCacheTTL"/>, 4 to 8 minutes after its last use) or its size limit. With the
/// four helpers a conversation calls that was ~1 KB of dead addresses per conversation on a busy silo, and it made the
/// memory figure follow the rate the conversations were built at (docs/BENCHMARKS.md, "Dead addresses in the
/// directory cache"). This cache hears Orleans' "Deactivated" event and removes the gone activation's entry.
/// </summary>
public sealed class LiveGrainDirectoryCache : IGrainDirectoryCache, IAsyncDisposable,
    IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private const string Deactivated = "Deactivated";
    private readonly IGrainDirectoryCache _cache;
    private readonly IDisposable _listeners;
    private IDisposable? _lifecycle;
    private long _removed;

    public LiveGrainDirectoryCache(IServiceProvider services, GrainDirectoryOptions options)
    {
        _cache = OrleansOwn(services, options);
        // Called at once for the listeners already made (Orleans' is static), and later for new ones.
        _listeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Orleans' LRU with the configured size and expiry, which this wraps (and the memory bench runs alone).</summary>
    public static IGrainDirectoryCache OrleansOwn(IServiceProvider services, GrainDirectoryOptions options) =>
        GrainDirectoryCacheFactory.CreateGrainDirectoryCache(services, new GrainDirectoryOptions
        {
            CachingStrategy = GrainDirectoryOptions.CachingStrategyType.LRU,
            CacheSize = options.CacheSize,
            MaximumCacheTTL = options.MaximumCacheTTL,
        });

    /// <summary>Activations removed because they went, since the silo started (for tests and diagnostics).</summary>
    public long Removed => Interlocked.Read(ref _removed);

    public IEnumerable<(GrainAddress ActivationAddress, int Version)> KeyValues => _cache.KeyValues;

    public void AddOrUpdate(GrainAddress value, int version) => _cache.AddOrUpdate(value, version);

    public bool Remove(GrainId key) => _cache.Remove(key);

    public bool Remove(GrainAddress key) => _cache.Remove(key);

    public void Clear() => _cache.Clear();

    public bool LookUp(GrainId key, [NotNullWhen(true)] out GrainAddress? result, out int version) =>
        _cache.LookUp(key, out result, out version);

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        // Only "Deactivated" is asked for, so Orleans makes no event object for the other lifecycle steps.
        if (listener.Name == GrainLifecycleEvents.ListenerName)
            Interlocked.Exchange(ref _lifecycle, listener.Subscribe(this, name => name == Deactivated))?.Dispose();
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        // The removal matches grain and silo, so an entry another silo's activation of the grain wrote is kept; the
        // event is process-wide, and in a test cluster each silo's cache hears the others' grains go (their entries
        // for that address are just as dead).
        if (value.Value is GrainLifecycleEvents.Deactivated gone && _cache.Remove(gone.GrainContext.Address))
            Interlocked.Increment(ref _removed);
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }

    void IObserver<DiagnosticListener>.OnError(Exception error) { }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public async ValueTask DisposeAsync()
    {
        _listeners.Dispose();
        Interlocked.Exchange(ref _lifecycle, null)?.Dispose();
        if (_cache is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
    }
}
