namespace Engine.Gateway.Security;

using Engine.Gateway.Audit;
using System.Security.Claims;
using Engine.Gateway.Agents;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;
using Engine.Tenants;
using Microsoft.AspNetCore.Identity;

/// <summary>Sign-in, and the tenant's people and integration keys.</summary>
public static class AuthEndpoints
{
    public const int MinPasswordLength = 10;
    private static readonly PasswordHasher<string> Hasher = new();

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Sign-in");
        auth.MapPost("/token", SignIn).AllowAnonymous().WithName("SignIn")
            .WithSummary("Exchange a tenant, user id and password for a bearer token")
            .Produces<SignInResponse>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem();
        auth.MapGet("/me", Me).WithName("WhoAmI").WithSummary("The signed-in caller: tenant, id and roles").Produces<CallerResponse>();

        app.MapPost("/api/v1/tenants", CreateTenant).RequireAuthorization(EnginePolicies.Operate).WithTags("Tenants")
            .WithName("CreateTenant").WithSummary("Create a tenant with its first admin (platform operator key only)")
            .Produces<TenantCreated>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();

        var tenant = app.MapGroup("/api/v1/tenants/{tenant}")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .RequireAuthorization(EnginePolicies.Administer)
            .WithTags("Tenants");
        tenant.MapGet("/users", ListUsers).WithName("ListUsers").Produces<IReadOnlyList<UserView>>();
        tenant.MapPut("/users/{userId}", PutUser).Audited("user.changed").WithName("PutUser")
            .WithSummary("Add or change a person: display name, roles, password, disabled").Produces<UserView>().ProducesValidationProblem();
        tenant.MapGet("/api-keys", ListKeys).WithName("ListApiKeys").Produces<IReadOnlyList<ApiKeyView>>();
        tenant.MapPost("/api-keys", CreateKey).Audited("api-key.created").WithName("CreateApiKey")
            .WithSummary("Create an integration key; the key is in this answer only").Produces<ApiKeyCreated>(StatusCodes.Status201Created).ProducesValidationProblem();
        tenant.MapDelete("/api-keys/{keyId}", RevokeKey).Audited("api-key.revoked").WithName("RevokeApiKey").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> SignIn(SignInRequest request, IGrainFactory grains, TokenIssuer tokens, HttpResponse response)
    {
        var errors = new InputRules.Errors();
        if (request.Tenant is null || !InputRules.TenantPattern().IsMatch(request.Tenant)) errors.Add("tenant", "Required: a tenant id.");
        errors.RequireName("userId", request.UserId);
        if (string.IsNullOrEmpty(request.Password)) errors.Add("password", "Required.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var credentials = await grains.GetGrain<ITenantGrain>(request.Tenant!).Credentials(request.UserId!);
        // One answer for an unknown person and a wrong password, so sign-in does not tell who exists.
        if (credentials is null || Hasher.VerifyHashedPassword(request.UserId!, credentials.PasswordHash, request.Password!) == PasswordVerificationResult.Failed)
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.", detail: "Unknown user or wrong password.");

        var token = tokens.Issue(request.Tenant!, credentials.UserId, credentials.DisplayName, credentials.Roles);
        if (credentials.Roles.Contains(EngineRoles.Admin)) OrleansDashboard.SetCookie(response, token);
        return Results.Ok(new SignInResponse(token.AccessToken, token.ExpiresAt, request.Tenant!, credentials.UserId, credentials.DisplayName, credentials.Roles));
    }

    private static IResult Me(ClaimsPrincipal caller) => Results.Ok(new CallerResponse(
        caller.TenantOf() ?? "", caller.SubjectOf() ?? "", caller.FindFirst(EngineClaims.Name)?.Value,
        caller.FindAll(EngineClaims.Role).Select(c => c.Value).ToList(), caller.IsOperator()));

    private static async Task<IResult> CreateTenant(TenantRequest request, IGrainFactory grains, TimeProvider clock)
    {
        var errors = new InputRules.Errors();
        if (request.TenantId is null || !InputRules.TenantPattern().IsMatch(request.TenantId))
            errors.Add("tenantId", "Required: 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit.");
        errors.RequireText("displayName", request.DisplayName);
        errors.RequireName("adminUserId", request.AdminUserId);
        CheckPassword(errors, "adminPassword", request.AdminPassword, required: true);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var tenant = grains.GetGrain<ITenantGrain>(request.TenantId!);
        if (!await tenant.Create(new TenantProfile(request.DisplayName!, clock.GetUtcNow())))
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: $"Tenant '{request.TenantId}' already exists.");
        await tenant.PutUser(request.AdminUserId!, new UserSpec(request.AdminUserId!, [EngineRoles.Admin]),
            Hasher.HashPassword(request.AdminUserId!, request.AdminPassword!));
        return Results.Created($"/api/v1/tenants/{request.TenantId}/users/{request.AdminUserId}",
            new TenantCreated(request.TenantId!, request.DisplayName!, request.AdminUserId!));
    }

    private static async Task<IResult> ListUsers(string tenant, IGrainFactory grains) =>
        await grains.GetGrain<ITenantGrain>(tenant).Profile() is null
            ? UnknownTenant(tenant)
            : Results.Ok(await grains.GetGrain<ITenantGrain>(tenant).Users());

    private static async Task<IResult> PutUser(string tenant, string userId, UserRequest request, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        errors.RequireName("userId", userId);
        CheckUser(errors, request);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var grain = grains.GetGrain<ITenantGrain>(tenant);
        if (await grain.Profile() is null) return UnknownTenant(tenant);
        var hash = request.Password is null ? null : Hasher.HashPassword(userId, request.Password);
        return Results.Ok(await grain.PutUser(userId, new UserSpec(request.DisplayName!, request.Roles!.Distinct().ToList(), request.Disabled), hash));
    }

    private static async Task<IResult> ListKeys(string tenant, IGrainFactory grains) =>
        Results.Ok(await grains.GetGrain<ITenantGrain>(tenant).ApiKeys());

    private static async Task<IResult> CreateKey(string tenant, ApiKeyRequest request, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        errors.RequireText("name", request.Name);
        if (request.Name is { Length: > 100 }) errors.Add("name", "At most 100 characters.");
        CheckRoles(errors, "roles", request.Roles);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var grain = grains.GetGrain<ITenantGrain>(tenant);
        if (await grain.Profile() is null) return UnknownTenant(tenant);
        var (keyId, secret, presented) = ApiKeys.Create(tenant);
        var view = await grain.AddApiKey(keyId, new ApiKeySpec(request.Name!, request.Roles!.Distinct().ToList()), ApiKeys.Digest(secret));
        return Results.Created($"/api/v1/tenants/{tenant}/api-keys/{keyId}", new ApiKeyCreated(keyId, presented, view.Name, view.Roles));
    }

    private static async Task<IResult> RevokeKey(string tenant, string keyId, IGrainFactory grains) =>
        await grains.GetGrain<ITenantGrain>(tenant).RevokeApiKey(keyId) ? Results.NoContent() : ProblemResults.NotFound($"No API key {keyId} in tenant {tenant}.");

    private static void CheckUser(InputRules.Errors errors, UserRequest request)
    {
        errors.RequireText("displayName", request.DisplayName);
        if (request.DisplayName is { Length: > 100 }) errors.Add("displayName", "At most 100 characters.");
        CheckRoles(errors, "roles", request.Roles);
        CheckPassword(errors, "password", request.Password, required: false);
    }

    private static void CheckPassword(InputRules.Errors errors, string field, string? password, bool required)
    {
        if (password is null) { if (required) errors.Add(field, "Required."); }
        else if (password.Length < MinPasswordLength || password.Length > 200)
            errors.Add(field, $"Between {MinPasswordLength} and 200 characters.");
    }

    private static void CheckRoles(InputRules.Errors errors, string field, List<string>? roles)
    {
        if (roles is not { Count: > 0 }) errors.Add(field, $"Required: one or more of {string.Join(", ", EngineRoles.All)}.");
        else if (roles.FirstOrDefault(r => !EngineRoles.IsKnown(r)) is { } unknown)
            errors.Add(field, $"Unknown role '{unknown}': use {string.Join(", ", EngineRoles.All)}.");
    }

    private static IResult UnknownTenant(string tenant) => ProblemResults.NotFound($"No tenant {tenant}.");

    internal static string HashPassword(string userId, string password) => Hasher.HashPassword(userId, password);
}
