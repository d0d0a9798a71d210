namespace GenomeScan.Scanner.Tests;

/// <summary>The repository root (where GenomeScan.sln is) and ../shared beside it.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Shared => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared"));

    static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "GenomeScan.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GenomeScan.sln not found");
    }
}
