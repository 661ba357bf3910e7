namespace Engine.Gateway.Problems;

using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

/// <summary>
/// When the cluster or the store cannot keep up or cannot be reached, the caller gets 503 with Retry-After instead of
/// a 500: nothing was acknowledged, so a platform's redelivery (or the client's retry) is safe and idempotent.
/// </summary>
public sealed class UnavailableExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception)) return false;
        logger.LogWarning("Answering 503 to {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The engine cannot take this now.",
                Detail = $"Nothing was stored. Retry after {RetryAfterSeconds} seconds; a retry of the same message is recognised as one.",
            },
        });
    }

    /// <summary>Time-outs, an unreachable or overloaded silo, and store errors; not bugs, which stay 500.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is TimeoutException or DbException or Engine.Persistence.StoreUnavailableException or SiloUnavailableException or OrleansMessageRejectionException
                or Orleans.Runtime.Messaging.ConnectionFailedException or OperationCanceledException { CancellationToken.IsCancellationRequested: false })
                return true;
        return false;
    }
}
