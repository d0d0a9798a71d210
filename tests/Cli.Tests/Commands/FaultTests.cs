namespace GenomeScan.Cli.Tests.Commands;

/// <summary>
/// Faults a scan meets outside its inputs (issue 14): a damaged or unreadable null cache is never trusted
/// and never stops a scan — a one-line notice, the null built again, the same output as with a good cache.
/// </summary>
public sealed class FaultTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-faults-");

    public void Dispose() => dir.Delete(true);

    [Theory]
    [InlineData("truncate -s 1000")]
    [InlineData("half")]
    [InlineData("dd if=/dev/urandom bs=4096 count=2 status=none of=")]
    [InlineData("unreadable")]
    public void ADamagedNullCacheIsBuiltAgainWithANotice(string damage)
    {
        var cache = Path.Combine(dir.FullName, "cache");
        var genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
        string Scan() => $"XDG_CACHE_HOME={cache} $GS scan {genome} -r chr2R:1-30000 --pvalue 0.01";
        var first = Shell.Run(Scan());
        Assert.True(first.ExitCode == 0, first.Stderr);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(cache, "genomescan")));
        var hurt = damage switch
        {
            "unreadable" => $"rm {file} && mkdir {file}",
            "half" => $"truncate -s $(( $(stat -c %s {file}) / 2 )) {file}",
            _ when damage.EndsWith('=') => $"{damage}{file}",
            _ => $"{damage} {file}",
        };
        Assert.Equal(0, Shell.Run(hurt).ExitCode);
        var second = Shell.Run(Scan());
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(first.Stdout, second.Stdout);
        var notice = Assert.Single(second.Stderr.Split('\n'), l => l.Contains("the cached null"));
        Assert.Contains(damage == "unreadable" ? "cannot be read" : "building it again", notice);
        // Rebuilt and kept (a directory in its place stays, and each scan says so and goes on).
        var third = Shell.Run(Scan());
        Assert.Equal(first.Stdout, third.Stdout);
        Assert.Equal(damage == "unreadable", third.Stderr.Contains("the cached null"));
    }
}
