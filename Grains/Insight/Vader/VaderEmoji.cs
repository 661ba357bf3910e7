namespace Engine.Insight.Vader;

using System.Text;

/// <summary>
/// Replaces common emoji by their Unicode short names, as the reference does with its emoji lexicon, so that
/// the words of the name ("loudly crying face") carry the sentiment. Only the emoji customers use most are listed.
/// </summary>
internal static class VaderEmoji
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [0x1F600] = "grinning face", [0x1F601] = "beaming face with smiling eyes", [0x1F602] = "face with tears of joy",
        [0x1F923] = "rolling on the floor laughing", [0x1F603] = "grinning face with big eyes",
        [0x1F604] = "grinning face with smiling eyes", [0x1F605] = "grinning face with sweat",
        [0x1F606] = "grinning squinting face", [0x1F609] = "winking face", [0x1F60A] = "smiling face with smiling eyes",
        [0x1F60D] = "smiling face with heart-eyes", [0x1F618] = "face blowing a kiss", [0x1F642] = "slightly smiling face",
        [0x1F970] = "smiling face with hearts", [0x1F60E] = "smiling face with sunglasses", [0x1F607] = "smiling face with halo",
        [0x1F917] = "hugging face", [0x1F643] = "upside-down face", [0x1F60B] = "face savoring food",
        [0x1F641] = "slightly frowning face", [0x2639] = "frowning face", [0x1F61E] = "disappointed face",
        [0x1F61F] = "worried face", [0x1F620] = "angry face", [0x1F621] = "pouting face",
        [0x1F92C] = "face with symbols on mouth", [0x1F622] = "crying face", [0x1F62D] = "loudly crying face",
        [0x1F624] = "face with steam from nose", [0x1F629] = "weary face", [0x1F62B] = "tired face",
        [0x1F612] = "unamused face", [0x1F644] = "face with rolling eyes", [0x1F610] = "neutral face",
        [0x1F611] = "expressionless face", [0x1F615] = "confused face", [0x1F631] = "face screaming in fear",
        [0x1F633] = "flushed face", [0x1F914] = "thinking face", [0x1F62C] = "grimacing face", [0x1F614] = "pensive face",
        [0x1F62A] = "sleepy face", [0x1F634] = "sleeping face", [0x1F92F] = "exploding head",
        [0x1F630] = "anxious face with sweat", [0x1F625] = "sad but relieved face", [0x1F613] = "downcast face with sweat",
        [0x1F623] = "persevering face", [0x1F616] = "confounded face", [0x1F92E] = "face vomiting",
        [0x1F922] = "nauseated face", [0x1F637] = "face with medical mask", [0x1F926] = "person facepalming",
        [0x1F937] = "person shrugging", [0x1F44D] = "thumbs up", [0x1F44E] = "thumbs down", [0x1F44F] = "clapping hands",
        [0x1F64F] = "folded hands", [0x1F44C] = "OK hand", [0x1F4AA] = "flexed biceps", [0x1F4AF] = "hundred points",
        [0x2764] = "red heart", [0x1F494] = "broken heart", [0x1F498] = "heart with arrow", [0x1F48B] = "kiss mark",
        [0x1F525] = "fire", [0x1F4A9] = "pile of poo", [0x1F389] = "party popper", [0x2705] = "check mark button",
        [0x274C] = "cross mark",
    };

    /// <summary>The text with each known emoji replaced by its name, spaced off from the word before it.</summary>
    public static string Describe(string text)
    {
        if (!HasNonAscii(text))
            return text;
        var result = new StringBuilder(text.Length + 32);
        var previousBlank = true;
        Span<char> encoded = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            // Variation selectors and skin tones only restyle the emoji before them.
            if (rune.Value is 0xFE0F or 0xFE0E or (>= 0x1F3FB and <= 0x1F3FF))
                continue;
            if (Names.TryGetValue(rune.Value, out var name))
            {
                if (!previousBlank)
                    result.Append(' ');
                result.Append(name);
                previousBlank = false;
            }
            else
            {
                // Appended as its UTF-16 units: a string per character would be most of what scoring allocates.
                result.Append(encoded[..rune.EncodeToUtf16(encoded)]);
                previousBlank = rune.Value == ' ';
            }
        }
        return result.ToString();
    }

    private static bool HasNonAscii(string text)
    {
        foreach (var c in text)
            if (c > 0x7F)
                return true;
        return false;
    }
}
