namespace Engine.Gateway.Security;

using System.Security.Claims;
using Engine.Gateway.Problems;

/// <summary>
/// Who an action is recorded as. A person acts as themselves: a body may repeat their own id or leave it out, but
/// naming someone else is refused. An admin or an integration key may act on behalf of a named person (an
/// integration posting a bot's reply, an admin importing history).
/// </summary>
public static class Actors
{
    public static (string? Actor, IResult? Refusal) Resolve(ClaimsPrincipal caller, string? named, string field)
    {
        var self = caller.SubjectOf();
        if (caller.HasAnyRole(EngineRoles.Admin, EngineRoles.Integration))
            return (named ?? self, null);
        if (named is null || string.Equals(named, self, StringComparison.Ordinal))
            return (self, null);
        return (null, ProblemResults.Forbidden($"'{field}' names '{named}', but you are signed in as '{self}' and may act only as yourself.", field));
    }

    /// <summary>For endpoints about one person (their presence, their offers): that person, or a supervisor/admin.</summary>
    public static IResult? RequireSelfOr(ClaimsPrincipal caller, string person, string field, params string[] rolesActingForOthers) =>
        string.Equals(caller.SubjectOf(), person, StringComparison.Ordinal) || caller.HasAnyRole(rolesActingForOthers)
            ? null
            : ProblemResults.Forbidden($"Only '{person}' may do this for '{person}'.", field);
}
