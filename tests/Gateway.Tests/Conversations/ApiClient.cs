namespace Engine.Tests.Conversations;

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>Calls the conversation API of one tenant the way a front end would: plain JSON over HTTP.</summary>
public sealed class ApiClient(HttpClient http, string tenant)
{
    public string Tenant => tenant;
    public HttpClient Http => http;
    public string Base => $"/api/v1/tenants/{tenant}";

    public static JsonObject Inbound(string id, string author = "x:100", string kind = "customer", string? inReplyTo = null,
        string? threadKey = null, string channel = "x", string visibility = "public", string timestamp = "2026-11-02T09:00:00Z") =>
        new()
        {
            ["channel"] = channel,
            ["visibility"] = visibility,
            ["platformMessageId"] = id,
            ["author"] = new JsonObject { ["kind"] = kind, ["id"] = author },
            ["text"] = $"message {id}",
            ["timestamp"] = timestamp,
            ["inReplyTo"] = inReplyTo,
            ["threadKey"] = threadKey,
        };

    public Task<HttpResponseMessage> Post(string path, JsonNode body) =>
        http.PostAsync(Base + path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostRaw(string path, string body, string contentType = "application/json") =>
        http.PostAsync(Base + path, new StringContent(body, System.Text.Encoding.UTF8, contentType));

    public async Task<JsonObject> Send(JsonObject inbound)
    {
        var response = await Post("/inbound", inbound);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await Json(response);
    }

    public async Task<JsonObject> Get(string path)
    {
        var response = await http.GetAsync(Base + path);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await Json(response);
    }

    /// <summary>Any JSON body, arrays included.</summary>
    public static async Task<JsonNode> JsonNode(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonNode>()) ?? throw new JsonException("empty body");

    public static async Task<JsonObject> Json(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>()) ?? throw new JsonException("empty body");
}
