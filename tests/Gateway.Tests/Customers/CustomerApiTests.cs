namespace Engine.Tests.Customers;

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>One customer across channels through the API: the view, lookup, link/unlink, merge, and tenant isolation.</summary>
[Collection(ApiCollection.Name)]
public sealed class CustomerApiTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"crm-{Guid.NewGuid():N}"[..16]);

    private static string Ago(TimeSpan by) => DateTimeOffset.UtcNow.Subtract(by).ToString("O", CultureInfo.InvariantCulture);

    private async Task<(string Customer, string Conversation)> Customer(string identity, string text, string channel = "x",
        TimeSpan? ago = null)
    {
        var inbound = ApiClient.Inbound($"m-{Guid.NewGuid():N}", author: identity, channel: channel,
            visibility: channel == "x" ? "public" : "private", threadKey: $"k-{Guid.NewGuid():N}", timestamp: Ago(ago ?? TimeSpan.Zero));
        inbound["text"] = text;
        var conversation = (string)(await _api.Send(inbound))["conversationId"]!;
        var customer = await _api.Get($"/customers?identity={Uri.EscapeDataString(identity)}");
        return ((string)customer["id"]!, conversation);
    }

    private static JsonObject LinkBody(string kind, string value) => new() { ["kind"] = kind, ["value"] = value, ["by"] = "agent-1" };

    [Fact]
    public async Task The_customer_view_shows_identities_conversations_on_all_channels_latest_sentiment_and_audit()
    {
        var (ann, publicCase) = await Customer("x:7001", "Love the new update, thanks!", ago: TimeSpan.FromHours(2));
        var (other, privateCase) = await Customer("messenger:7002", "My order never arrived. This is awful and I am angry.", "messenger");

        var link = await _api.Post($"/customers/{ann}/identities", LinkBody("email", "Ann@Example.com"));
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        var merge = await _api.Post($"/customers/{ann}/merge", new JsonObject { ["from"] = other, ["by"] = "sup-1" });
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);

        var view = await _api.Get($"/customers/{ann}");
        Assert.Equal(["x:7001", "email:ann@example.com", "messenger:7002"], view["identities"]!.AsArray().Select(i => (string?)i));
        var conversations = view["conversations"]!.AsArray();
        Assert.Equal([privateCase, publicCase], conversations.Select(c => (string?)c!["id"]));
        Assert.Equal(["messenger", "x"], conversations.Select(c => (string?)c!["channels"]![0]));
        Assert.All(conversations, c => Assert.Equal("open", (string?)c!["status"]));
        var sentiment = view["latestSentiment"]!;
        Assert.Equal(privateCase, (string?)sentiment["conversationId"]);
        Assert.True((double)sentiment["scores"]!["compound"]! < -0.5);
        Assert.Equal(["identity-linked", "merged-from"], view["audit"]!.AsArray().Select(a => (string?)a!["action"]));

        // The same merge again (a retried request) answers the survivor and changes nothing.
        var again = await _api.Post($"/customers/{ann}/merge", new JsonObject { ["from"] = other, ["by"] = "sup-1" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, (await ApiClient.Json(again))["audit"]!.AsArray().Count);

        // The merged id answers with the survivor, and the identity lookup resolves to it.
        var redirected = await _api.Get($"/customers/{other}");
        Assert.Equal(ann, (string?)redirected["id"]);
        Assert.Equal(other, (string?)redirected["requestedId"]);
        Assert.Equal(ann, (string?)(await _api.Get("/customers?identity=messenger:7002"))["id"]);
    }

    [Fact]
    public async Task Linking_another_customers_identity_is_409_and_a_repeated_link_is_200()
    {
        var (ann, _) = await Customer("x:7101", "hello");
        await Customer("x:7102", "hi");

        var conflict = await _api.Post($"/customers/{ann}/identities", LinkBody("x", "7102"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(["x:7101"], (await _api.Get($"/customers/{ann}"))["identities"]!.AsArray().Select(i => (string?)i));

        Assert.Equal(HttpStatusCode.Created, (await _api.Post($"/customers/{ann}/identities", LinkBody("phone", "+1 415 555 0100"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.Post($"/customers/{ann}/identities", LinkBody("phone", "+14155550100"))).StatusCode);
        Assert.Single((await _api.Get($"/customers/{ann}"))["audit"]!.AsArray());
    }

    [Fact]
    public async Task An_identity_as_a_channel_spelled_it_is_found_and_guarded_against_a_link_in_another_spelling()
    {
        var (ann, _) = await Customer("x:AnnB7150", "hello");
        var (bob, _) = await Customer("x:7151", "hi");

        Assert.Equal(ann, (string?)(await _api.Get("/customers?identity=x:AnnB7150"))["id"]);
        var conflict = await _api.Post($"/customers/{bob}/identities", LinkBody("x", "@AnnB7150"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Http.GetAsync($"{_api.Base}/customers?identity=ann")).StatusCode);
    }

    [Theory]
    [InlineData("myspace", "ann", "kind")]
    [InlineData("email", "not-an-address", "value")]
    [InlineData("phone", "0800 123", "value")]
    public async Task A_bad_identity_is_400_naming_the_field(string kind, string value, string field)
    {
        var (ann, _) = await Customer("x:7201", "hello");
        var response = await _api.Post($"/customers/{ann}/identities", LinkBody(kind, value));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await ApiClient.Json(response))["errors"]![field]);
    }

    [Fact]
    public async Task Unlink_removes_the_identity_and_the_lookup_no_longer_finds_the_customer()
    {
        var (ann, _) = await Customer("x:7301", "hello");
        await _api.Post($"/customers/{ann}/identities", LinkBody("webchat", "visitor-7301"));

        var unlink = await _api.Http.DeleteAsync($"{_api.Base}/customers/{ann}/identities/webchat/visitor-7301?by=agent-2");
        Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.DeleteAsync($"{_api.Base}/customers/{ann}/identities/webchat/visitor-7301?by=agent-2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"{_api.Base}/customers?identity=webchat:visitor-7301")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Http.DeleteAsync($"{_api.Base}/customers/{ann}/identities/fax/7301")).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_customer_id_is_404_everywhere()
    {
        var (ann, _) = await Customer("x:7401", "hello");
        var stranger = new ApiClient(_api.Http, $"other-{Guid.NewGuid():N}"[..16]);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"{stranger.Base}/customers/{ann}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Post($"/customers/{ann}/identities", LinkBody("x", "999"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"{stranger.Base}/customers?identity=x:7401")).StatusCode);
        var (mine, _) = await Customer("x:7402", "hi");
        var merge = await stranger.Post($"/customers/{mine}/merge", new JsonObject { ["from"] = ann, ["by"] = "sup" });
        Assert.Equal(HttpStatusCode.NotFound, merge.StatusCode);
    }

    [Fact]
    public async Task A_dm_quoting_a_case_reference_from_a_new_identity_links_it_to_the_cases_customer_and_a_display_name_never_does()
    {
        var reference = $"C-{Random.Shared.Next(100_000, 999_999)}";
        var (ann, publicCase) = await Customer("x:7501", "my bill is wrong", ago: TimeSpan.FromMinutes(5));
        var invite = await _api.Post($"/conversations/{publicCase}/invite-private", new JsonObject
        {
            ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = $"Please DM us quoting {reference}", ["channel"] = "messenger", ["caseReference"] = reference,
        });
        Assert.Equal(HttpStatusCode.Created, invite.StatusCode);

        var quoting = ApiClient.Inbound($"dm-{Guid.NewGuid():N}", author: "messenger:7502", channel: "messenger", visibility: "private",
            timestamp: Ago(TimeSpan.Zero));
        quoting["text"] = $"hi, about {reference}";
        Assert.Equal(publicCase, (string?)(await _api.Send(quoting))["conversationId"]);

        var view = await _api.Get($"/customers/{ann}");
        Assert.Contains("messenger:7502", view["identities"]!.AsArray().Select(i => (string?)i));
        Assert.Equal(ann, (string?)(await _api.Get("/customers?identity=messenger:7502"))["id"]);
        Assert.Contains(view["audit"]!.AsArray(), a => ((string?)a!["detail"])!.Contains("verified: case reference"));

        // Same display name, no reference: a separate customer.
        var lookalike = ApiClient.Inbound($"dm-{Guid.NewGuid():N}", author: "messenger:7503", channel: "messenger", visibility: "private",
            timestamp: Ago(TimeSpan.Zero));
        lookalike["author"]!["name"] = "Ann";
        await _api.Send(lookalike);
        Assert.NotEqual(ann, (string?)(await _api.Get("/customers?identity=messenger:7503"))["id"]);
    }
}
