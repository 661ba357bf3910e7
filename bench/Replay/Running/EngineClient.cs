namespace Engine.Replay;

using System.Net;
using System.Net.Http.Json;

/// <summary>The few engine API calls a replay makes, each with transient-failure retries.</summary>
public sealed class EngineClient(HttpClient http, TransientRetry retry, int pageSize)
{

    public Task<HttpResponseMessage> PostInbound(ReplayMessage message, CancellationToken cancellationToken) =>
        retry.Send(ct => http.PostAsJsonAsync($"{TenantPath(message.Tenant)}/inbound", message.Body, EngineJson.Options, ct), cancellationToken);

    /// <summary>Every conversation id of a tenant, following the list's cursor to the end.</summary>
    public async Task<IReadOnlyList<Guid>> ListConversationIds(string tenant, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var url = $"{TenantPath(tenant)}/conversations?limit={pageSize}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await GetJson<ConversationListAnswer>(url, cancellationToken);
            ids.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        return ids;
    }

    public Task<ConversationAnswer> GetConversation(string tenant, Guid id, CancellationToken cancellationToken) =>
        GetJson<ConversationAnswer>($"{TenantPath(tenant)}/conversations/{id}", cancellationToken);

    private async Task<T> GetJson<T>(string url, CancellationToken cancellationToken)
    {
        using var response = await retry.Send(ct => http.GetAsync(url, ct), cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException(
                $"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}",
                null, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<T>(EngineJson.Options, cancellationToken)
            ?? throw new InvalidDataException($"GET {url} answered an empty body.");
    }

    private static string TenantPath(string tenant) => $"api/v1/tenants/{Uri.EscapeDataString(tenant)}";
}
