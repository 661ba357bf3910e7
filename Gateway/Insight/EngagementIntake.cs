namespace Engine.Gateway.Insight;

using Engine.Conversations;
using Engine.Insight;

/// <summary>
/// Where an engagement update goes, from the REST endpoint or a platform webhook: the tenant's early warning (velocity,
/// spikes), then the conversation that holds the post, whose message is scored again with that velocity.
/// </summary>
public static class EngagementIntake
{
    public static async Task<EngagementResponse> Observe(IGrainFactory grains, string tenant, EngagementUpdate update)
    {
        var observed = await grains.GetGrain<IEarlyWarningGrain>(tenant).ObserveEngagement(update);
        var (channel, postId) = (update.Channel, update.PlatformMessageId);
        // The post's conversation, if the engine holds it: the one that stored it (message index), else the conversation
        // of the thread it was recorded under by an older version, or of its own id for a root. A grain call, not the
        // store: a Gateway in client mode has none.
        var found = await grains.GetGrain<IMessageThreadGrain>(0).Find(tenant, channel, postId);
        Guid? conversationId = found?.ConversationId
            ?? await grains.GetGrain<IThreadDirectoryGrain>(ConversationKeys.Thread(tenant, channel, found?.ThreadKey ?? postId)).Known();
        Priority? priority = null;
        if (conversationId is { } id)
        {
            var conversation = grains.GetGrain<IConversationGrain>(id);
            if ((await conversation.RecordEngagement(tenant, channel, postId, observed.Velocity)).Succeeded)
                priority = (await conversation.Get(tenant))?.Priority;
            else
                conversationId = null;
        }
        return new EngagementResponse(EngagementVelocityBody.From(observed.Velocity), observed.Alert, conversationId, priority);
    }
}
