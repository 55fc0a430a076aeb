using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Funds;
using MintFonds.Core.Time;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Platform.Timers;

namespace MintFonds.Functions.Figures;

/// <summary>The figures fold timer and the state-wide figures (JSON and CSV) for the platform observer role.</summary>
public sealed class FigureFunctions(HttpApi api, PlatformAccess access, PlatformFigures platform, FigureFold fold, FundTable funds, TimerRuns runs, TimeProvider time)
{
    /// <summary>
    /// Folds every fund's pending figure facts (two range reads per fund when nothing is pending). The transparency page
    /// reads only aggregate rows, so this timer bounds how far behind it can be (its Cache-Control matches).
    /// </summary>
    [Function(nameof(FoldFigures))]
    public Task FoldFigures([TimerTrigger("%FigureFoldSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(FoldFigures), FoldAllAsync, cancellationToken);

    private async Task FoldAllAsync(CancellationToken cancellationToken)
    {
        await foreach (var fund in funds.QueryPartitionAsync(FundTable.Partition, null, cancellationToken))
        {
            if (fund.Value.Status == FundStatus.Active)
            {
                await fold.FoldFundAsync(fund.Value.Id, cancellationToken);
            }
        }
    }

    [Function(nameof(GetPlatformFigures))]
    public Task<IActionResult> GetPlatformFigures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/platform/figures")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetPlatformFigures), async () =>
        {
            await access.RequireObserverAsync(request, nameof(GetPlatformFigures), cancellationToken);
            return ApiResult.Ok(await platform.ForYearAsync(Year(request), cancellationToken));
        });

    [Function(nameof(GetPlatformFiguresCsv))]
    public Task<IActionResult> GetPlatformFiguresCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/platform/figures.csv")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetPlatformFiguresCsv), async () =>
        {
            await access.RequireObserverAsync(request, nameof(GetPlatformFiguresCsv), cancellationToken);
            var year = Year(request);
            var csv = PlatformFigures.Csv(await platform.ForYearAsync(year, cancellationToken));
            return ApiResult.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"mint-fonds-kennzahlen-{year.ToString(CultureInfo.InvariantCulture)}.csv");
        });

    private int Year(HttpRequest request)
    {
        var text = QueryParameters.Once(request.Query, "year");
        if (text is null)
        {
            return BerlinTime.Today(time).Year;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 2000 && year <= BerlinTime.Today(time).Year
            ? year
            : throw QueryParameters.Bad("year", "Bitte ein Jahr als vierstellige Zahl angeben, z. B. 2026 (nicht in der Zukunft).");
    }
}
