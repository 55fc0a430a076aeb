// Restores one night's table backup (the "backups" container, written by the app's BackUpTables timer) into the
// tables of an EMPTY storage account.
//
//   dotnet run --project tools/Restore -- --from <account> --night 2026-11-30 --to <account> [--resume]
//
// <account> is a connection string (Azurite: "UseDevelopmentStorage=true" or the full form) or an account name /
// https endpoint; with a name, the signed-in identity (az login, DefaultAzureCredential) needs Storage Blob Data
// Reader on the source and Storage Table Data Contributor on the target.
//
// Why a tool and not an admin route of the app: a restore is an incident step, run when the app may be broken, by
// an operator with rights on two accounts. As a route it would give the running app's identity write access to
// another account and leave a permanent way to overwrite the books in place; as a tool it needs nothing of the app
// and runs from any machine with the operator's own sign-in.
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using MintFonds.Functions.Backups;
using MintFonds.Functions.Storage;

return await RestoreCommand.RunAsync(args);

internal static class RestoreCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var from = Option("--from");
        var to = Option("--to");
        var nightText = Option("--night");
        if (from is null || to is null || nightText is null || !DateOnly.TryParseExact(nightText, "yyyy-MM-dd", out var night))
        {
            Console.Error.WriteLine("usage: dotnet run --project tools/Restore -- --from <account> --night yyyy-MM-dd --to <account> [--resume]");
            Console.Error.WriteLine("  <account>: a connection string, or a storage account name (signed in with az login).");
            return 2;
        }

        try
        {
            var backups = Blobs(from).GetBlobContainerClient(BlobContainerNames.Backups);
            var results = await TableRestore.RestoreAsync(backups, night, Tables(to), args.Contains("--resume"), CancellationToken.None);
            foreach (var result in results)
            {
                Console.WriteLine($"{result.Table}: {result.Rows} rows restored");
            }

            return 0;
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static bool IsConnectionString(string account) => account.Contains('=', StringComparison.Ordinal);

    private static Uri Endpoint(string account, string service) =>
        account.StartsWith("https://", StringComparison.Ordinal) ? new Uri(account) : new Uri($"https://{account}.{service}.core.windows.net/");

    private static BlobServiceClient Blobs(string account) =>
        IsConnectionString(account) ? new BlobServiceClient(account) : new BlobServiceClient(Endpoint(account, "blob"), new DefaultAzureCredential());

    private static TableServiceClient Tables(string account) =>
        IsConnectionString(account) ? new TableServiceClient(account) : new TableServiceClient(Endpoint(account, "table"), new DefaultAzureCredential());
}
