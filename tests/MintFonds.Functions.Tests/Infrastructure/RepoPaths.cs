namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>Finds files of the repository from wherever the test assembly runs.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MintFonds.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MintFonds.sln not found above " + AppContext.BaseDirectory);
    }
}
