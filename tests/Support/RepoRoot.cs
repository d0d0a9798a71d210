namespace GenomeScan.Tests;

/// <summary>The repository root (where GenomeScan.sln is). Tests read only files inside it, so a clone anywhere runs them.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "GenomeScan.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GenomeScan.sln not found");
    }
}
