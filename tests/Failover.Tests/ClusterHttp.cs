namespace Engine.Tests.Failover;

using System.Text;
using System.Text.Json.Nodes;

/// <summary>How the failover tests talk JSON to the gateway: a body, and a call that must succeed.</summary>
internal static class ClusterHttp
{
    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>The answer's JSON object; fails the test with the request and the answer when it is not a success.</summary>
    public static async Task<JsonObject> Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? [];
    }
}
