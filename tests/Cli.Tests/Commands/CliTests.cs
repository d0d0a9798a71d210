namespace GenomeScan.Cli.Tests.Commands;

public class CliTests
{
    [Fact]
    public void HelpListsEverySubcommandAndExitsZero()
    {
        var result = CliRunner.Run("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var name in new[] { "simulate", "train", "evaluate", "scan" })
            Assert.Contains($"  {name} ", result.Stdout);
    }

    [Fact]
    public void VersionPrintsTheAssemblyVersion()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("simulate")]
    [InlineData("simulate", "--out", "x", "--count", "7")]
    [InlineData("simulate", "--out", "x", "--count", "many")]
    [InlineData("simulate", "--out", "x", "--length", "0")]
    [InlineData("simulate", "--out", "x", "--wat")]
    [InlineData("train", "--arch", "v1", "--train", "a.csv", "--test", "b.csv", "--out", "x", "--recipe", "bogus")]
    [InlineData("scan", "--engine", "fast")]
    public void UsageErrorsExitOneWithOneLine(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("train", "--arch", "v1", "--train", "a.csv", "--test", "b.csv", "--out", "x", "--recipe", "exercise")]
    [InlineData("train", "--arch", "v1", "--train", "a.csv", "--test", "b.csv", "--out", "x", "--recipe", "seed")]
    [InlineData("scan", "--engine", "dense")]
    [InlineData("scan", "--engine", "shared")]
    [InlineData("scan", "--engine", "dense-onnx")]
    [InlineData("scan", "--engine", "shared-onnx")]
    [InlineData("explain", "g.fa", "-r", "g:1-100")]
    [InlineData("explain", "--fasta", "g.fa", "--region", "g:1-100")]
    [InlineData("filters", "g.fa", "-o", "f.tsv")]
    [InlineData("evaluate", "--data", "d.csv", "-o", "r.txt")]
    public void NewAndOldSpellingsParse(params string[] args)
    {
        var root = GenomeScan.Cli.Commands.CommandLine.Build(TextWriter.Null, Stream.Null, TextWriter.Null);
        Assert.Empty(root.Parse(args).Errors);
    }

    /// <summary>Numbers that cannot mean anything (NaN, a p-value of 0) or would exhaust memory are refused before any work, naming the option.</summary>
    [Theory]
    [InlineData("--threshold", "NaN", "--threshold")]
    [InlineData("--threshold", "Infinity", "--threshold")]
    [InlineData("--qvalue", "NaN", "--qvalue")]
    [InlineData("--pvalue", "0", "--pvalue")]
    [InlineData("--pvalue", "NaN", "--pvalue")]
    [InlineData("--batch-size", "2000000000", "--batch-size")]
    [InlineData("-j", "1000", "--threads")]
    public void BadNumbersAreRefusedNamingTheOption(string option, string value, string named)
    {
        var result = CliRunner.Run("scan", "-q", option, value, "none.fa");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(named, line);
        Assert.DoesNotContain("none.fa", line);
    }

    /// <summary>An output that cannot be made is refused before any work, naming the option; a full device is one line after it.</summary>
    [Theory]
    [InlineData("nodir/out.bed", "does not exist")]
    [InlineData(".", "is a directory")]
    [InlineData("", "must name a file")]
    [InlineData("/dev/full", "No space left on device")]
    public void AnOutputThatCannotBeWrittenIsOneLine(string output, string expected)
    {
        var genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
        var result = CliRunner.Run("scan", "-q", genome, "-r", "chr2R:1-20000", "--threshold", "0.5", "-o", output);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, line);
        Assert.False(Directory.Exists("nodir"));
    }

    /// <summary>A record of IUPAC letters only (a protein that happens to use them) is not scanned silently as DNA of unknown bases.</summary>
    [Fact]
    public void ARecordOfAlmostOnlyUnknownBasesIsSaidToBeOne()
    {
        var path = Path.GetTempFileName();
        try
        {
            var rng = new Random(4);
            File.WriteAllText(path, ">dna\n" + new string(Enumerable.Range(0, 300).Select(_ => "ACGT"[rng.Next(4)]).ToArray())
                + "\n>protein\nMKRSWYVHDBNMKRSWYVHDBNMKRSWYVHDBNKKRRSSWW\n");
            var result = CliRunner.Run("scan", path, "--threshold", "0.5");
            Assert.Equal(0, result.ExitCode);
            var warning = Assert.Single(result.Stderr.Split('\n'), l => l.Contains("N or IUPAC codes"));
            Assert.StartsWith("scan: record protein: 100% of its 41 bases", warning);
            Assert.DoesNotContain("record dna", result.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ADirectoryAsInputIsSaidToBeOne()
    {
        var dir = Directory.CreateTempSubdirectory("gs-dir-input-");
        try
        {
            var result = CliRunner.Run("scan", "-q", dir.FullName);
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"genomescan: {dir.FullName}: is a directory, not a FASTA file\n", result.Stderr);
            Assert.Equal("", result.Stdout);
        }
        finally
        {
            dir.Delete();
        }
    }

    [Fact]
    public void TheCommandLineNamesTheFlagThatGaveABadValue()
    {
        var result = CliRunner.Run("scan", "-q", "-r", "chr:0-10", "none.fa");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("genomescan: --region chr:0-10: positions are 1-based\n", result.Stderr);
    }
}
