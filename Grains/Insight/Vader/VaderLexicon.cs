namespace Engine.Insight.Vader;

using System.Globalization;

/// <summary>
/// The VADER lexicon: token → mean valence (−4…+4). The file ships inside this assembly with its Apache-2.0
/// LICENSE and NOTICE (from the npm package vader-sentiment 1.1.3).
/// </summary>
public sealed class VaderLexicon
{
    private const string ResourceName = "Engine.Insight.Vader.vader_lexicon.txt";

    private static readonly Lazy<VaderLexicon> Embedded = new(() =>
    {
        using var stream = typeof(VaderLexicon).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Resource {ResourceName} is missing from {typeof(VaderLexicon).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Read(reader);
    });

    private readonly Dictionary<string, double> _valences;

    private VaderLexicon(Dictionary<string, double> valences) => _valences = valences;

    /// <summary>The lexicon that ships with the engine.</summary>
    public static VaderLexicon Default => Embedded.Value;

    public int Count => _valences.Count;

    /// <summary>Reads token&lt;TAB&gt;mean&lt;TAB&gt;stddev&lt;TAB&gt;raw lines. A token listed twice keeps its last mean, as the reference does.</summary>
    public static VaderLexicon Read(TextReader reader)
    {
        var valences = new Dictionary<string, double>(StringComparer.Ordinal);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
                continue;
            var fields = line.Split('\t');
            if (fields.Length < 2 || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var mean))
                throw new InvalidDataException($"Lexicon line {number}: expected token<TAB>mean, got '{line}'.");
            valences[fields[0]] = mean;
        }
        return new VaderLexicon(valences);
    }

    /// <param name="token">Already lower-cased: the reference looks every word up by its lower-case form.</param>
    public bool TryGetValence(string token, out double valence) => _valences.TryGetValue(token, out valence);

    public bool Contains(string token) => _valences.ContainsKey(token);
}
