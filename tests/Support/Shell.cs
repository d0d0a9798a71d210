using System.Diagnostics;

namespace GenomeScan.Tests;

/// <summary>Runs bash pipelines with the real genomescan executable as <c>$GS</c> and the real samtools/bedtools.</summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string GenomeScan => $"dotnet {Path.Combine(AppContext.BaseDirectory, "genomescan.dll")}";

    public static Result Run(string script, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("bash", ["-o", "pipefail", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.Environment["GS"] = GenomeScan;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Fails the test with the tool's own message when a required program is missing (test.sh installs them).</summary>
    public static void Require(params string[] tools)
    {
        foreach (var tool in tools)
            Assert.True(Run($"command -v {tool}").ExitCode == 0, $"{tool} is not installed: run ./test.sh, which installs it");
    }
}
