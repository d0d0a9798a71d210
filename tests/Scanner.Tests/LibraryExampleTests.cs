namespace GenomeScan.Scanner.Tests;

/// <summary>examples/library scans with the library and no command line: it builds, runs, stays short, and ships no libtorch.</summary>
public class LibraryExampleTests
{
    [Fact]
    public void TheLibraryExampleBuildsAndScansTheExampleGenome()
    {
        var project = Path.Combine(RepoRoot.Path, "examples", "library");
        Assert.InRange(File.ReadAllLines(Path.Combine(project, "Program.cs")).Length, 1, 60);
        var build = Shell.Run($"dotnet build {project} -c Release --nologo -v q 2>&1", RepoRoot.Path);
        Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
        var output = Path.Combine(project, "bin", "Release", "net10.0");
        var run = Shell.Run($"dotnet {output}/ScanWithLibrary.dll examples/dm3_chr2R_1M.fa.gz 0.999", RepoRoot.Path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("model genomescan-v7: 100-bp windows, scored by ", lines[0]);
        // The quick start's genome: 1 Mbp, one record, every window scored.
        Assert.StartsWith("999,901 windows, ", lines[1]);
        Assert.Contains("planted TGTTTAC: best window", lines[2]);
        // A program that only scans ships ONNX Runtime and never TorchSharp's libtorch.
        Assert.DoesNotContain(Directory.GetFiles(output), f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase));
    }
}
