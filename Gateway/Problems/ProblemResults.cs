namespace Engine.Gateway.Problems;

using Engine.Conversations;

/// <summary>Turns engine outcomes and input errors into RFC 9457 problem details that name the field at fault.</summary>
public static class ProblemResults
{
    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: "The request is not valid.", detail: message);

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request is not valid.",
            detail: $"Invalid field{(errors.Count == 1 ? "" : "s")}: {string.Join(", ", errors.Keys)}.");

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: what);

    public static IResult Forbidden(string detail, string? field = null) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: detail,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static IResult From(CommandError error) => error.Kind switch
    {
        CommandErrorKind.NotFound => NotFound(error.Message),
        CommandErrorKind.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.",
            detail: error.Message, extensions: error.Field is null ? null : new Dictionary<string, object?> { ["field"] = error.Field }),
        _ => error.Field is null ? Results.Problem(statusCode: 422, title: "Not allowed.", detail: error.Message)
            : Results.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [error.Message] },
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not allowed.", detail: error.Message),
    };
}
