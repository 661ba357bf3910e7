namespace Engine.Tests.Realtime;

using System.Security.Cryptography;
using Engine.Gateway.Security;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>Several gateways in front of one cluster: an event published once reaches a client on each of them.</summary>
public sealed class TwoGatewayTests
{
    [Fact]
    public async Task An_event_published_once_reaches_followers_on_both_gateways_with_the_same_number()
    {
        var clusterId = $"two-{Guid.NewGuid():N}";
        var gatewayPort = FreePorts.Next().ToString();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var first = new EngineApiFactory()
            .With("Cluster:ClusterId", clusterId)
            .With("Cluster:GatewayPort", gatewayPort)
            .With("Auth:SigningKey", key);
        var api = new ApiClient(first.CreateClient(), $"tg-{Guid.NewGuid():N}"[..16]);
        await using var second = new EngineApiFactory()
            .With("Cluster:Mode", "client")
            .With("Cluster:ClusterId", clusterId)
            .With("Cluster:GatewayPort", gatewayPort)
            .With("Auth:SigningKey", key);
        _ = second.Server; // the second gateway joins as a client of the first one's silo

        var id = (string)(await api.Send(ApiClient.Inbound("g1", "x:901")))["conversationId"]!;
        var stream = $"conversation:{id}";
        await using var onFirst = await EventClient.Connect(first, EventClient.Token(first, api.Tenant, "sam", EngineRoles.Supervisor));
        await using var onSecond = await EventClient.Connect(second, EventClient.Token(second, api.Tenant, "ann", EngineRoles.Agent));
        await onFirst.Subscribe(stream);
        await onSecond.Subscribe(stream);

        await api.Send(ApiClient.Inbound("g2", "x:901", inReplyTo: "g1", timestamp: "2026-11-02T09:01:00Z"));

        var a1 = await onFirst.Next(stream, "message.added", d => d.GetProperty("platformMessageId").GetString() == "g2");
        var a2 = await onSecond.Next(stream, "message.added", d => d.GetProperty("platformMessageId").GetString() == "g2");
        Assert.Equal(a1.GetProperty("sequence").GetInt64(), a2.GetProperty("sequence").GetInt64());
        // Each gateway got it once, live (the subscribe replay ended before it was published).
        Assert.Single(onSecond.Received, e => e.GetProperty("sequence").GetInt64() == a2.GetProperty("sequence").GetInt64());
        Assert.Single(onFirst.Received, e => e.GetProperty("sequence").GetInt64() == a1.GetProperty("sequence").GetInt64());
    }
}
