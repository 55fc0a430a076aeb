using Microsoft.Extensions.Logging;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Funds;

/// <summary>
/// Wraps every write of a fund or call document in the two rolls of the intake partitions' rules gates (see
/// <see cref="RulesGate"/>): before the write, naming this change as a writer (cached copies are dropped and nothing is
/// cached until it ends); after it, removing it again. A call's rules matter to applications only; a fund's to
/// applications and pledges. If the second roll fails, the change stays listed: intake then reads the documents on every
/// submission (correct, one read more) until the entry expires, so the write's answer does not depend on it.
/// </summary>
public sealed partial class RulesChanges(StorageAccount storage, TimeProvider time, ILogger<RulesChanges> logger)
{
    public static readonly IReadOnlyList<string> FundIntakeTables = [TableNames.Applications, TableNames.Pledges];
    public static readonly IReadOnlyList<string> CallIntakeTables = [TableNames.Applications];

    public async Task<T> WriteAsync<T>(string fundId, IReadOnlyList<string> intakeTables, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        var writer = Guid.NewGuid().ToString("N");
        foreach (var table in intakeTables)
        {
            await RulesGate.BeginAsync(storage.Table(table), fundId, writer, time, cancellationToken);
        }

        try
        {
            return await write();
        }
        finally
        {
            foreach (var table in intakeTables)
            {
                try
                {
                    await RulesGate.EndAsync(storage.Table(table), fundId, writer, time, CancellationToken.None);
                }
                catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFault.IsTransient(ex, CancellationToken.None) || ex is InvalidOperationException)
                {
                    LogEndFailed(logger, ex, table, fundId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rules change of fund {FundId} still listed in {Table}: intake reads the documents uncached until it expires")]
    private static partial void LogEndFailed(ILogger logger, Exception exception, string table, string fundId);
}
