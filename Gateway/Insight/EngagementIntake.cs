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
        // The post's conversation, if the engine holds it: by the thread its message was recorded under, or its own id for a root.
        var threadKey = await grains.GetGrain<IMessageDirectoryGrain>(ConversationKeys.Message(tenant, channel, postId)).ThreadOf() ?? postId;
        Guid? conversationId = await grains.GetGrain<IThreadDirectoryGrain>(ConversationKeys.Thread(tenant, channel, threadKey)).Known();
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
