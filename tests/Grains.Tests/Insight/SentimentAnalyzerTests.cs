namespace Engine.Tests.Insight;

using CsCheck;
using Engine.Insight.Vader;

public sealed class SentimentAnalyzerTests
{
    private static readonly SentimentAnalyzer Vader = SentimentAnalyzer.Default;

    // Texts that reach the phrase rules (special cases such as "the bomb" and "kiss of death", multi-word boosters such as
    // "sort of", "without doubt", "never so"). Not published values: pinned from the implementation that joined the
    // phrases into strings (1552bb9), so the lookups that no longer make those strings must score every text the same.
    [Theory]
    [InlineData("Honestly the new phone is the bomb", 0.7906)]
    [InlineData("Oh sure your support is so great yeah right", 0.7501)]
    [InlineData("Waiting a week for this refund is the kiss of death", -0.6124)]
    [InlineData("My new phone is sort of good I guess", 0.3832)]
    [InlineData("We waited and the app is kind of broken", -0.5256)]
    [InlineData("I really think that lounge is to die for", -0.5994)]
    [InlineData("After all that my poor broken heart", -0.7906)]
    [InlineData("The food was really not very good at all", -0.4379)]
    [InlineData("Not that the service was without doubt good", 0.6136)]
    [InlineData("It was never so good as today", 0.6626)]
    public void Phrase_rules_score_as_the_string_joined_lookups_did(string text, double compound) =>
        Assert.Equal(compound, Vader.Score(text).Compound, 4);

    // The examples published with VADER (README of cjhutto/vaderSentiment) and their compound scores.
    [Theory]
    [InlineData("VADER is smart, handsome, and funny.", 0.8316)]
    [InlineData("VADER is smart, handsome, and funny!", 0.8439)]
    [InlineData("VADER is very smart, handsome, and funny.", 0.8545)]
    [InlineData("VADER is VERY SMART, handsome, and FUNNY.", 0.9227)]
    [InlineData("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342)]
    [InlineData("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469)]
    [InlineData("VADER is not smart, handsome, nor funny.", -0.7424)]
    [InlineData("The book was good.", 0.4404)]
    [InlineData("At least it isn't a horrible book.", 0.431)]
    [InlineData("The book was only kind of good.", 0.3832)]
    [InlineData("The book was kind of good.", 0.3832)]
    [InlineData("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042)]
    [InlineData("Today SUX!", -0.5461)]
    [InlineData("Today only kinda sux! But I'll get by, lol", 0.5249)]
    [InlineData("Make sure you :) or :D today!", 0.8633)]
    [InlineData("Not bad at all", 0.431)]
    [InlineData("Catch utf-8 emoji such as such as 💘 and 💋 and 😁", 0.7003)]
    public void Matches_the_published_compound_scores(string text, double compound) =>
        Assert.Equal(compound, Vader.Score(text).Compound, 0.001);

    [Theory]
    [InlineData("VADER is smart, handsome, and funny.", 0.0, 0.254, 0.746)]
    [InlineData("VADER is not smart, handsome, nor funny.", 0.646, 0.354, 0.0)]
    [InlineData("Today SUX!", 0.779, 0.221, 0.0)]
    [InlineData("Today only kinda sux! But I'll get by, lol", 0.127, 0.556, 0.317)]
    public void Matches_the_published_proportions(string text, double negative, double neutral, double positive)
    {
        var scores = Vader.Score(text);
        Assert.Equal(negative, scores.Negative, 0.001);
        Assert.Equal(neutral, scores.Neutral, 0.001);
        Assert.Equal(positive, scores.Positive, 0.001);
    }

    [Fact]
    public void Each_rule_moves_the_score_the_way_the_paper_says()
    {
        double C(string text) => Vader.Score(text).Compound;
        Assert.True(C("The service is extremely good") > C("The service is good"));          // booster
        Assert.True(C("The service is slightly good") < C("The service is good"));           // dampener
        Assert.True(C("The service is GOOD today") > C("The service is good today"));        // caps, mixed case
        Assert.Equal(C("THE SERVICE IS GOOD"), C("the service is good"));                    // all caps: no emphasis
        Assert.True(C("The service isn't good") < 0);                                        // n't negation
        Assert.True(C("The service is never so good") > C("The service is good"));           // "never so" intensifies
        Assert.True(C("The service is good!!!!") > C("The service is good!"));                // exclamations
        Assert.Equal(C("The service is good!!!!"), C("The service is good!!!!!!!"));         // at most four count
        Assert.Equal(C("Is the service good?"), C("Is the service good"));                   // a single '?' is no emphasis
        Assert.True(C("Is the service good???") > C("Is the service good"));
        Assert.True(C("It was least helpful") < 0 && C("At least it was helpful") > 0);      // "least"
        Assert.Equal(3.0 / Math.Sqrt(9 + 15), C("that was the bomb"), 0.0001);               // special case
        // Emoji read as their names: "angry face", "face with tears of joy"; a name without lexicon words is neutral.
        Assert.True(C("I waited for hours 😠") < 0 && C("Thanks so much 😂") > C("Thanks so much"));
        Assert.Equal(C("Thanks so much"), C("Thanks so much 👍"));
    }

    [Fact]
    public void Empty_and_unknown_texts_are_neutral()
    {
        Assert.Equal(Engine.Insight.SentimentScores.None, Vader.Score(""));
        Assert.Equal(0, Vader.Score("   ").Compound);
        var plain = Vader.Score("order 12345 shipped to the depot");
        Assert.Equal((0.0, 1.0, 0.0, 0.0), (plain.Negative, plain.Neutral, plain.Positive, plain.Compound));
    }

    [Fact]
    public void The_shipped_lexicon_is_the_whole_file()
    {
        // 7,517 lines, 14 tokens listed twice (the later mean wins, as in the reference).
        Assert.Equal(7_503, VaderLexicon.Default.Count);
        Assert.True(VaderLexicon.Default.TryGetValence("lol", out var lol) && lol == 1.8);
        Assert.NotNull(typeof(VaderLexicon).Assembly.GetManifestResourceStream("Engine.Insight.Vader.LICENSE"));
        Assert.NotNull(typeof(VaderLexicon).Assembly.GetManifestResourceStream("Engine.Insight.Vader.NOTICE"));
    }

    [Fact]
    public void Any_text_scores_within_bounds()
    {
        Gen.String.Sample(text =>
        {
            var s = Vader.Score(text);
            return s.Compound is >= -1 and <= 1 && s.Negative >= 0 && s.Positive >= 0 && s.Neutral >= 0
                && (s == Engine.Insight.SentimentScores.None || Math.Abs(s.Negative + s.Neutral + s.Positive - 1) <= 0.002);
        }, iter: 2000);
    }
}
