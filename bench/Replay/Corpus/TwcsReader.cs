namespace Engine.Replay;

using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

/// <summary>Reads the twcs CSV: every field quoted, texts may hold line breaks (even bare carriage returns).</summary>
public static class TwcsReader
{
    /// <summary>The corpus's date format, e.g. "Tue Oct 31 22:10:47 +0000 2017".</summary>
    private const string CreatedAtFormat = "ddd MMM dd HH:mm:ss zzz yyyy";

    private static readonly string[] Columns =
        ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id"];

    public static IReadOnlyList<TwcsTweet> ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader);
    }

    public static IReadOnlyList<TwcsTweet> Read(TextReader reader)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            // Texts are copied verbatim, leading and trailing blanks included.
            TrimOptions = TrimOptions.None,
            DetectColumnCountChanges = true,
        };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader())
            throw new InvalidDataException("The corpus has no header row.");
        var missing = Columns.Where(c => !csv.HeaderRecord!.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"The corpus lacks columns: {string.Join(", ", missing)}.");

        var tweets = new List<TwcsTweet>();
        while (csv.Read())
            tweets.Add(ReadRow(csv));
        return tweets;
    }

    private static TwcsTweet ReadRow(CsvReader csv)
    {
        var row = csv.Parser.Row;
        var createdAt = csv.GetField("created_at")!;
        if (!DateTimeOffset.TryParseExact(createdAt, CreatedAtFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            throw new InvalidDataException($"Row {row}: created_at '{createdAt}' is not like 'Tue Oct 31 22:10:47 +0000 2017'.");
        var inbound = csv.GetField("inbound")!;
        if (!bool.TryParse(inbound, out var isInbound))
            throw new InvalidDataException($"Row {row}: inbound '{inbound}' is not True or False.");
        var tweetId = csv.GetField("tweet_id")!;
        if (tweetId.Length == 0)
            throw new InvalidDataException($"Row {row}: empty tweet_id.");

        var parent = csv.GetField("in_response_to_tweet_id");
        return new TwcsTweet(
            tweetId,
            csv.GetField("author_id")!,
            isInbound,
            at,
            csv.GetField("text")!,
            csv.GetField("response_tweet_id")!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            string.IsNullOrEmpty(parent) ? null : parent);
    }
}
