namespace Engine.Tests.Reliability;

using System.Text;

/// <summary>One class of bad input: how to make it for a body-taking endpoint, and the answers that are acceptable.</summary>
public sealed record BadInputCase(string Class, Func<HttpContent> Body, params int[] Acceptable)
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    public static IReadOnlyList<BadInputCase> ForBodies() =>
    [
        new("malformed JSON", () => Json("{\"text\": \"unterminated"), 400),
        new("truncated JSON", () => Json("{\"a\": 1, \"b\": [1, 2"), 400),
        new("empty body", () => Json(""), 400),
        new("JSON null", () => Json("null"), 400),
        new("array instead of object", () => Json("[1, 2, 3]"), 400),
        new("number instead of object", () => Json("42"), 400),
        new("unknown field", () => Json("{\"notAField\": true}"), 400),
        new("wrong type for every field", () => Json("{\"text\": {\"nested\": 1}, \"threadId\": \"one\", \"roles\": 7, \"name\": [], \"status\": 3}"), 400),
        new("invalid UTF-8", () => Raw([0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]), 400),
        new("control characters", () => Json("{\"text\": \"\\u0000\\u0007\", \"name\": \"\\u001b[31m\", \"displayName\": \"\\u0000\"}"), 400),
        new("huge body (2 MiB)", () => Json("{\"text\": \"" + new string('x', 2 * 1024 * 1024) + "\"}"), 413),
        new("wrong content type", () => new StringContent("text=hello", Utf8, "application/x-www-form-urlencoded"), 415, 400),
        new("deeply nested JSON", () => Json(new string('[', 5_000) + new string(']', 5_000)), 400),
    ];

    private static HttpContent Json(string text) => new StringContent(text, Utf8, "application/json");

    private static HttpContent Raw(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return content;
    }
}
