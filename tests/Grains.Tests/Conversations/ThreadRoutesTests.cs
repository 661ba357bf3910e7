namespace Engine.Tests.Conversations;

using Engine.Conversations;

public sealed class ThreadRoutesTests
{
    private static ThreadRoute Route(Guid? customer = null) => new(Guid.NewGuid(), "t-1", customer);

    [Fact]
    public void A_route_with_a_customer_is_kept_and_replaced_by_a_newer_one()
    {
        var routes = new ThreadRoutes();
        var first = Route(Guid.NewGuid());
        routes.Keep("acme/X/t-1", first);
        Assert.True(routes.TryGet("acme/X/t-1", out var kept));
        Assert.Same(first, kept);

        var moved = Route(first.CustomerId);
        routes.Keep("acme/X/t-1", moved);
        Assert.True(routes.TryGet("acme/X/t-1", out kept));
        Assert.Same(moved, kept);
        Assert.False(routes.TryGet("acme/X/t-2", out _));
    }

    [Fact]
    public void A_route_the_directory_has_just_minted_is_kept_as_not_minted()
    {
        var routes = new ThreadRoutes();
        var minted = Route(Guid.NewGuid()) with { Minted = true };
        routes.Keep("acme/X/t-1", minted);
        Assert.True(routes.TryGet("acme/X/t-1", out var kept));
        Assert.Equal(minted with { Minted = false }, kept);
    }

    [Fact]
    public void A_route_without_a_customer_is_not_kept_so_the_directory_can_still_learn_one()
    {
        var routes = new ThreadRoutes();
        routes.Keep("acme/X/t-1", Route());
        Assert.False(routes.TryGet("acme/X/t-1", out _));
    }

    [Fact]
    public void Past_the_bound_the_routes_start_over()
    {
        var routes = new ThreadRoutes(bound: 2);
        routes.Keep("a", Route(Guid.NewGuid()));
        routes.Keep("b", Route(Guid.NewGuid()));
        routes.Keep("b", Route(Guid.NewGuid()));
        Assert.True(routes.TryGet("a", out _));

        routes.Keep("c", Route(Guid.NewGuid()));
        Assert.False(routes.TryGet("a", out _));
        Assert.True(routes.TryGet("c", out _));

        // The count started over with the routes: one more fits before the next start.
        routes.Keep("d", Route(Guid.NewGuid()));
        Assert.True(routes.TryGet("c", out _));
        Assert.True(routes.TryGet("d", out _));
    }
}
