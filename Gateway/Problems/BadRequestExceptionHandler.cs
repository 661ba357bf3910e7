namespace Engine.Gateway.Problems;

using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

/// <summary>
/// Body-binding failures (malformed JSON, wrong types, unknown fields, oversized bodies) become problem details
/// that say what is wrong and where, instead of an empty 400.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
            return false;

        var json = FindJsonException(bad);
        var status = bad.StatusCode;
        context.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = status == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request body could not be read.",
            Detail = json is null ? bad.Message : Describe(json),
        };
        if (json?.Path is { } path)
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [path] = [Describe(json)] };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
            if (e is JsonException json) return json;
        return null;
    }

    /// <summary>The serializer's own messages name .NET types; say what is wrong in the API's terms instead.</summary>
    private static string Describe(JsonException json)
    {
        var at = json.Path ?? "$";
        if (json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return $"Unknown field at {at}.";
        if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
            return $"The value at {at} has the wrong type or is not one of the allowed values.";
        if (json.Message.Contains("missing required properties", StringComparison.Ordinal))
            return $"Required fields are missing at {at}.";
        return $"Malformed JSON near {at} (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).";
    }
}
