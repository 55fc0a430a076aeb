using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Tests.Performance;

public sealed class ContentionTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 8)]
    [InlineData(5, 64)]
    [InlineData(7, 250)]
    [InlineData(60, 250)]
    public void The_back_off_is_drawn_from_zero_to_an_exponential_ceiling_that_is_capped(int attempt, double ceilingMs)
    {
        Assert.Equal(TimeSpan.Zero, Contention.Delay(attempt, 0));
        Assert.Equal(ceilingMs, Contention.Delay(attempt, 1).TotalMilliseconds, 6);
        Assert.Equal(ceilingMs / 2, Contention.Delay(attempt, 0.5).TotalMilliseconds, 6);
    }
}
