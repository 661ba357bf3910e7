namespace Engine.Gateway.Problems;

using Engine.Gateway.Conversations;
using Microsoft.AspNetCore.Http.Features;

public static class RequestSizeLimit
{
    /// <summary>
    /// Refuses a declared body over the limit with a 413 problem before reading it; a chunked body is cut off by
    /// the server's own limit, whose error <see cref="BadRequestExceptionHandler"/> turns into the same answer.
    /// </summary>
    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = InputRules.MaxBodyBytes;
        if (context.Request.ContentLength > InputRules.MaxBodyBytes)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.",
                detail: $"Bodies are limited to {InputRules.MaxBodyBytes} bytes.").ExecuteAsync(context);
            return;
        }
        await next(context);
    });
}
