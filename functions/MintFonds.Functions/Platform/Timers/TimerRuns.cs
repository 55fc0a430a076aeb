using Microsoft.Extensions.Logging;

namespace MintFonds.Functions.Platform.Timers;

/// <summary>
/// The heartbeat of every timer: a run logs "Timer run started: {Timer} {TimerRun}" before its work and "Timer run
/// completed: …" after it, with a fresh run id. The alerts (infra/modules/alerts.bicep) look for a start without its
/// completion (a run that threw, hung or was cut off) and for the five-minute relay's completions going missing (the
/// host not running timers at all). A run that throws logs no completion and rethrows, so the host records the
/// failure too. The lines carry only the timer's name and the run id: no personal data.
/// </summary>
public sealed partial class TimerRuns(ILogger<TimerRuns> logger)
{
    public async Task RunAsync(string timer, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N");
        LogStarted(logger, timer, run);
        await work(cancellationToken);
        LogCompleted(logger, timer, run);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer run started: {Timer} {TimerRun}")]
    private static partial void LogStarted(ILogger logger, string timer, string timerRun);

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer run completed: {Timer} {TimerRun}")]
    private static partial void LogCompleted(ILogger logger, string timer, string timerRun);
}
