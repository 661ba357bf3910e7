namespace Engine.Gateway.Security;

using Orleans.Dashboard;

/// <summary>The Orleans dashboard (silos, grains, calls, reminders) at <c>/orleans</c>, for a tenant admin only.</summary>
public static class OrleansDashboard
{
    public const string Path = "/orleans";
    public const string Cookie = "engine_dashboard_token";

    public static void MapOrleansDashboardForAdmins(this WebApplication app)
    {
        if (app.Configuration.GetValue("Dashboard:Enabled", true))
            app.MapOrleansDashboard(Path).RequireAuthorization(EnginePolicies.Administer);
    }

    /// <summary>Lets an admin's browser open the dashboard after signing in: the token, scoped to the dashboard's path.</summary>
    public static void SetCookie(HttpResponse response, IssuedToken token) =>
        response.Cookies.Append(Cookie, token.AccessToken, new CookieOptions
        {
            Path = Path,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = response.HttpContext.Request.IsHttps,
            Expires = token.ExpiresAt,
        });
}
