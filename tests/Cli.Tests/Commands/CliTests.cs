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

    [Fact]
    public void TheCommandLineNamesTheFlagThatGaveABadValue()
    {
        var result = CliRunner.Run("scan", "-q", "-r", "chr:0-10", "none.fa");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("genomescan: --region chr:0-10: positions are 1-based\n", result.Stderr);
    }
}
