namespace Engine.Tests.Conversations;

using Engine.Conversations;

public sealed class BrandWaitClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static (DateTimeOffset, bool) Customer(int minute) => (T0.AddMinutes(minute), false);
    private static (DateTimeOffset, bool) Brand(int minute) => (T0.AddMinutes(minute), true);

    [Fact]
    public void First_response_runs_from_the_first_unanswered_customer_message_to_the_brand_answer()
    {
        var clock = BrandWaitClock.Measure([Customer(0), Customer(3), Brand(10)], T0.AddHours(1));
        Assert.Equal(TimeSpan.FromMinutes(10), clock.FirstResponse);
        Assert.Empty(clock.NextResponses);
        Assert.Null(clock.WaitingSince);
        Assert.Equal(TimeSpan.Zero, clock.CurrentWait);
        Assert.Equal(2, clock.AnsweredCustomerMessages);
    }

    [Fact]
    public void The_clock_pauses_while_the_brand_waits_on_the_customer()
    {
        // Customer waits 10 min, then the brand waits 5 hours on the customer (not counted), then 20 min.
        var clock = BrandWaitClock.Measure([Customer(0), Brand(10), Customer(310), Brand(330)], T0.AddDays(1));
        Assert.Equal(TimeSpan.FromMinutes(10), clock.FirstResponse);
        Assert.Equal([TimeSpan.FromMinutes(20)], clock.NextResponses);
        Assert.Equal(TimeSpan.FromMinutes(30), clock.TotalBrandWait);
    }

    [Fact]
    public void An_unanswered_customer_keeps_the_clock_running_until_now()
    {
        var clock = BrandWaitClock.Measure([Customer(0), Brand(10), Customer(20)], T0.AddMinutes(50));
        Assert.Equal(T0.AddMinutes(20), clock.WaitingSince);
        Assert.Equal(TimeSpan.FromMinutes(30), clock.CurrentWait);
        Assert.Equal(TimeSpan.FromMinutes(40), clock.TotalBrandWait);
        Assert.Equal(2, clock.CustomerMessages);
        Assert.Equal(1, clock.AnsweredCustomerMessages);
    }

    [Fact]
    public void A_brand_message_before_any_customer_message_is_not_a_response()
    {
        var clock = BrandWaitClock.Measure([Brand(0), Brand(5)], T0.AddMinutes(10));
        Assert.Null(clock.FirstResponse);
        Assert.Equal(TimeSpan.Zero, clock.TotalBrandWait);
        Assert.Equal(0, clock.CustomerMessages);
    }

    [Fact]
    public void Several_brand_messages_in_a_row_count_one_response()
    {
        var clock = BrandWaitClock.Measure([Customer(0), Brand(4), Brand(6)], T0.AddMinutes(10));
        Assert.Equal(TimeSpan.FromMinutes(4), clock.FirstResponse);
        Assert.Empty(clock.NextResponses);
    }
}
