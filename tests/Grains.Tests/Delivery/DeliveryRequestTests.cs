namespace Engine.Tests.Delivery;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Conversations;
using Engine.Delivery;

public sealed class DeliveryRequestTests
{
    [Theory]
    [InlineData(HttpStatusCode.OK, DeliveryAttemptKind.Delivered)]
    [InlineData(HttpStatusCode.Created, DeliveryAttemptKind.Delivered)]
    [InlineData(HttpStatusCode.NoContent, DeliveryAttemptKind.Delivered)]
    [InlineData(HttpStatusCode.BadRequest, DeliveryAttemptKind.Permanent)]
    [InlineData(HttpStatusCode.Unauthorized, DeliveryAttemptKind.Permanent)]
    [InlineData(HttpStatusCode.NotFound, DeliveryAttemptKind.Permanent)]
    [InlineData(HttpStatusCode.Conflict, DeliveryAttemptKind.Permanent)]
    [InlineData(HttpStatusCode.MovedPermanently, DeliveryAttemptKind.Permanent)]
    [InlineData(HttpStatusCode.RequestTimeout, DeliveryAttemptKind.Transient)]
    [InlineData(HttpStatusCode.TooManyRequests, DeliveryAttemptKind.Transient)]
    [InlineData(HttpStatusCode.InternalServerError, DeliveryAttemptKind.Transient)]
    [InlineData(HttpStatusCode.ServiceUnavailable, DeliveryAttemptKind.Transient)]
    public void Statuses_are_delivered_refused_for_good_or_worth_retrying(HttpStatusCode status, DeliveryAttemptKind expected) =>
        Assert.Equal(expected, DeliveryRequest.Classify(status, "").Kind);

    [Fact]
    public void A_refusal_names_the_status_and_the_start_of_the_body()
    {
        var attempt = DeliveryRequest.Classify(HttpStatusCode.BadRequest, "{\"error\":\"thread is locked\"}\n" + new string('x', 500));
        Assert.StartsWith("HTTP 400 BadRequest: {\"error\":\"thread is locked\"}", attempt.Reason);
        Assert.True(attempt.Reason!.Length < 250);
    }

    [Theory]
    [InlineData("{\"platformMessageId\":\"1790001\"}", "1790001")]
    [InlineData("{\"platformMessageId\":17}", null)]
    [InlineData("not json", null)]
    [InlineData("[]", null)]
    public void The_platform_id_is_read_from_a_2xx_body_when_there_is_one(string body, string? expected) =>
        Assert.Equal(expected, DeliveryRequest.Classify(HttpStatusCode.OK, body).RemoteMessageId);

    [Theory]
    [InlineData("https://hooks.example.com", "https://hooks.example.com/messages")]
    [InlineData("https://hooks.example.com/acme/x", "https://hooks.example.com/acme/x/messages")]
    [InlineData("https://hooks.example.com/acme/x/", "https://hooks.example.com/acme/x/messages")]
    public void Messages_are_posted_under_the_base_url(string baseUrl, string expected) =>
        Assert.Equal(expected, DeliveryRequest.MessagesUri(baseUrl).ToString());

    [Fact]
    public void The_body_carries_the_key_the_thread_and_the_message()
    {
        var conversation = Guid.NewGuid();
        var entry = new OutboxEntry(DeliveryKeys.IdempotencyKey(conversation, "engine-1"), "acme", conversation, ChannelKind.Messenger,
            Visibility.Private, "m-thread", "engine-1", "mid.42", "agent-7", "On its way", ["https://cdn.example.com/a.png"],
            new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

        var body = JsonNode.Parse(DeliveryRequest.Body(entry))!;

        Assert.Equal($"{conversation:N}:engine-1", (string?)body["idempotencyKey"]);
        Assert.Equal("messenger", (string?)body["channel"]);
        Assert.Equal("private", (string?)body["visibility"]);
        Assert.Equal("m-thread", (string?)body["threadKey"]);
        Assert.Equal("mid.42", (string?)body["inReplyTo"]);
        Assert.Equal("On its way", (string?)body["text"]);
        Assert.Equal("https://cdn.example.com/a.png", (string?)body["attachments"]![0]);
    }

    [Fact]
    public void A_conversation_always_maps_to_the_same_outbox_partition()
    {
        var id = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
        Assert.Equal(DeliveryKeys.Outbox("acme", ChannelKind.X, id), DeliveryKeys.Outbox("acme", ChannelKind.X, id));
        Assert.Matches("^acme/x/[0-3]$", DeliveryKeys.Outbox("acme", ChannelKind.X, id));
        var spread = Enumerable.Range(0, 400).Select(_ => DeliveryKeys.PartitionOf(Guid.NewGuid())).Distinct().Count();
        Assert.Equal(DeliveryKeys.Partitions, spread);
    }
}
