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
    public void UsageErrorsExitOneWithOneLine(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }
}
