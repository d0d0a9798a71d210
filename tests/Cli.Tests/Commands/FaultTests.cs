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

    /// <summary>
    /// SIGINT and SIGTERM mid-scan: one line, exit 130 or 143, the -o target as it was and no temporary file
    /// beside it (the window engine makes the scan last long enough to be signalled in the middle).
    /// </summary>
    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void ASignalStopsTheScanCleanly(string signal, int exit)
    {
        var genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
        var target = Path.Combine(dir.FullName, "hits.bed");
        File.WriteAllText(target, "as it was\n");
        // Job control on, so that the background scan does not start with SIGINT ignored.
        var run = Shell.Run($"set -m; $GS scan -q --engine window {genome} -o {target} & pid=$!; sleep 4; kill -{signal} $pid; wait $pid; echo \"exit $?\"");
        Assert.Contains($"exit {exit}", run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("genomescan:", StringComparison.Ordinal));
        Assert.Contains($"stopped by SIG{signal}", line);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal("as it was\n", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(dir.FullName));
    }

    /// <summary>
    /// Runs <paramref name="test"/> on a small tmpfs mounted in the test's directory, unmounted after. Mount
    /// needs root: elsewhere (CI's unprivileged runs) nothing runs, as nothing can be checked.
    /// </summary>
    void OnSmallFileSystem(string name, string size, Action<string> test)
    {
        var mount = Directory.CreateDirectory(Path.Combine(dir.FullName, name)).FullName;
        if (Shell.Run($"mount -t tmpfs -o size={size} tmpfs '{mount}'").ExitCode != 0)
            return;
        try
        {
            test(mount);
        }
        finally
        {
            Shell.Run($"umount '{mount}'");
        }
    }

    /// <summary>
    /// `-o` on a file system that fills during the scan: one line naming the output, exit 1, the target as it
    /// was and no temporary file left on that file system.
    /// </summary>
    [Fact]
    public void AFullFileSystemIsOneLineAndLeavesTheTargetAsItWas()
    {
        OnSmallFileSystem("full", "64k", mount =>
        {
            var genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
            var target = Path.Combine(mount, "windows.bedgraph");
            File.WriteAllText(target, "as it was\n");
            // About 3 MB of bedGraph onto 64 KiB.
            var run = Shell.Run($"$GS scan -q --format bedgraph {genome} -r chr2R:1-100000 -o {target}");
            Assert.Equal(1, run.ExitCode);
            var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("No space left on device", line);
            Assert.Contains(target, line);
            Assert.Equal("as it was\n", File.ReadAllText(target));
            Assert.Equal([target], Directory.GetFiles(mount));
        });
    }

    /// <summary>
    /// Output to stdout is held until the scan ends, spilling past 16 MiB into TMPDIR: a TMPDIR that fills is
    /// one line and exit 1, with nothing written to stdout and nothing left in TMPDIR.
    /// </summary>
    [Fact]
    public void AFullTmpdirWhileOutputSpillsIsOneLineAndNoOutput()
    {
        OnSmallFileSystem("tmp", "1m", mount =>
        {
            var genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
            var stdout = Path.Combine(dir.FullName, "stdout");
            // A bedGraph line for each of the megabase's windows: over 16 MiB, so it spills.
            var run = Shell.Run($"TMPDIR={mount} $GS scan -q --format bedgraph {genome} > {stdout}");
            Assert.Equal(1, run.ExitCode);
            var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("No space left on device", line);
            Assert.Equal(0, new FileInfo(stdout).Length);
            // Nothing of ours (temporary files are tmp*.tmp) is left; the .NET host may leave its own.
            Assert.Empty(Directory.GetFiles(mount, "tmp*"));
        });
    }

    /// <summary>A bug of ours is one line and exit 70; GENOMESCAN_DEBUG=1 adds the stack trace.</summary>
    [Fact]
    public void AnInternalErrorIsOneLineUnlessDebugging()
    {
        // GENOMESCAN_TEST_FAULT=1 makes the run throw as a bug would.
        var genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
        var quiet = Shell.Run($"GENOMESCAN_TEST_FAULT=1 $GS scan -q {genome}");
        Assert.Equal(70, quiet.ExitCode);
        Assert.StartsWith("genomescan: internal error: ", quiet.Stderr);
        Assert.Single(quiet.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var debug = Shell.Run($"GENOMESCAN_TEST_FAULT=1 GENOMESCAN_DEBUG=1 $GS scan -q {genome}");
        Assert.Equal(70, debug.ExitCode);
        Assert.Contains("   at ", debug.Stderr);
    }
}
