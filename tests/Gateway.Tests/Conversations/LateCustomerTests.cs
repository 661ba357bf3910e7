namespace Engine.Tests.Conversations;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engine.Tests.Hosting;

/// <summary>A thread whose first message names no customer still gets one when the customer speaks.</summary>
[Collection(ApiCollection.Name)]
public sealed class LateCustomerTests(EngineApiFactory engine)
{
    private readonly HttpClient _http = engine.CreateClient();
    private readonly string _tenant = $"late-{Guid.NewGuid():N}"[..20];

    private async Task<JsonElement> Post(string id, string kind, string author, string? inReplyTo, string time)
    {
        var response = await _http.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/inbound", new
        {
            channel = "x", visibility = "public", platformMessageId = id, threadKey = "root-1", inReplyTo,
            author = new { kind, id = author, name = (string?)null }, text = $"message {id}",
            timestamp = DateTimeOffset.Parse(time), attachments = (string[]?)null, customerIdentity = (string?)null,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_brand_first_thread_links_the_customer_of_a_later_message()
    {
        var first = await Post("b1", "agent", "x:brand", "outside-the-engine", "2017-10-31T10:00:00Z");
        await Post("c1", "customer", "x:115712", "b1", "2017-10-31T10:05:00Z");

        var id = first.GetProperty("conversationId").GetString();
        var view = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{_tenant}/conversations/{id}");
        Assert.Equal(JsonValueKind.String, view.GetProperty("customerId").ValueKind);
        var listed = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{_tenant}/conversations");
        Assert.Equal(view.GetProperty("customerId").GetString(), listed.GetProperty("items")[0].GetProperty("customerId").GetString());
    }
}
