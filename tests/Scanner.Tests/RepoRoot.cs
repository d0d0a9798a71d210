namespace GenomeScan.Scanner.Tests;

/// <summary>The repository root (where GenomeScan.sln is) and ../shared beside it.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    /// <summary>../shared beside the clone (as CI lays it out), or $GENOMESCAN_SHARED.</summary>
    public static string Shared => Environment.GetEnvironmentVariable("GENOMESCAN_SHARED") is { Length: > 0 } custom
        ? custom
        : System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared"));

    static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "GenomeScan.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GenomeScan.sln not found");
    }
}
