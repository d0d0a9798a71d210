using System.Text.RegularExpressions;

namespace GenomeScan.Cli.Tests;

/// <summary>The README's commands run as written (nietras/Sep's ReadMeTest): the quick start's scan and every recipe.</summary>
public sealed partial class ReadMeTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-readme-");

    public void Dispose() => dir.Delete(true);

    static string ReadMe => File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));

    /// <summary>The lines of the first fenced block after <paramref name="marker"/>.</summary>
    static string[] BlockAfter(string marker)
    {
        var text = ReadMe;
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md has no '{marker}'");
        int open = text.IndexOf("```", at, StringComparison.Ordinal);
        int start = text.IndexOf('\n', open) + 1;
        int close = text.IndexOf("```", start, StringComparison.Ordinal);
        return text[start..close].Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void TheQuickStartScanWritesTheRegionsTheReadMeCounts()
    {
        var command = BlockAfter("## Quick start").Single(l => l.StartsWith("dotnet run", StringComparison.Ordinal));
        command = command[..command.IndexOf('#')].Trim();
        Assert.EndsWith("> hits.bed", command);
        var hits = Path.Combine(dir.FullName, "hits.bed");
        var run = Shell.Run(command.Replace("> hits.bed", $"> {hits}", StringComparison.Ordinal), RepoRoot.Path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var stated = StatedRegions().Match(ReadMe);
        Assert.True(stated.Success, "the README no longer says how many regions the quick start writes");
        Assert.Equal(int.Parse(stated.Groups[1].Value), File.ReadAllLines(hits).Length);
    }

    [Fact]
    public void EveryRecipeRunsAsWritten()
    {
        Shell.Require("samtools", "bedtools", "bgzip");
        var recipes = BlockAfter("Recipes (");
        Assert.NotEmpty(recipes);
        foreach (var recipe in recipes)
        {
            // Each recipe in a folder of its own, on the example genome as genome.fa (and genome.fa.gz, bgzipped).
            var work = dir.CreateSubdirectory($"recipe{Array.IndexOf(recipes, recipe)}").FullName;
            var example = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
            string setup = recipe.Contains("bgzip genome.fa", StringComparison.Ordinal)
                ? $"zcat {example} > genome.fa"
                : $"zcat {example} > genome.fa && cp {example} genome.fa.gz";
            var run = Shell.Run($"set -e; genomescan() {{ $GS \"$@\"; }}; {setup}; {recipe}", work);
            Assert.True(run.ExitCode == 0, $"{recipe}\n{run.Stderr}");
            var output = Regex.Match(recipe, @"> (\S+\.bed)").Groups[1].Value;
            Assert.True(new FileInfo(Path.Combine(work, output)).Length > 0, $"{recipe}: {output} is empty");
        }
    }

    [GeneratedRegex(@"— (\d+) regions with today's built-in model")]
    private static partial Regex StatedRegions();
}
