using System.Text.RegularExpressions;

namespace GenomeScan.Cli.Tests.Commands;

public sealed class ReportCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-report-");

    public void Dispose() => dir.Delete(true);

    [Fact]
    public void ReportOpensOfflineInHeadlessChromiumWithEveryImage()
    {
        Shell.Require("chromium");
        var data = Path.Combine(dir.FullName, "data");
        Assert.Equal(0, CliRunner.Run("simulate", "--out", data, "--count", "1000").ExitCode);
        var runs = Path.Combine(dir.FullName, "runs");
        foreach (var arch in new[] { "v1", "v2" })
            Assert.Equal(0, CliRunner.Run("train", "--arch", arch, "--train", Path.Combine(data, "FOXO1_train.csv"), "--test", Path.Combine(data, "FOXO1_test.csv"), "--out", runs, "--epochs", "1").ExitCode);
        var report = CliRunner.Run("report", runs, "--shuffles", "20");
        Assert.Equal(0, report.ExitCode);
        var html = Path.Combine(runs, "report.html");
        var text = File.ReadAllText(html);
        // Offline: nothing is fetched from elsewhere.
        Assert.DoesNotMatch("(src|href)=\"https?:", text);

        var profile = Path.Combine(dir.FullName, "profile");
        var dom = Shell.Run($"chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
            + $"--disable-component-update --disable-sync --user-data-dir={profile} --virtual-time-budget=15000 --dump-dom file://{html} 2>/dev/null");
        Assert.True(dom.ExitCode == 0, dom.Stderr);
        var body = Regex.Match(dom.Stdout, "<body data-images=\"(\\d+)\" data-loaded=\"(\\d+)\"");
        Assert.True(body.Success, "the page did not finish loading");
        int images = int.Parse(body.Groups[1].Value), loaded = int.Parse(body.Groups[2].Value);
        // The reference logo, and per model its learning report, logos and a weight heatmap.
        Assert.True(images >= 1 + 2 * 3, $"{images} images");
        Assert.Equal(images, loaded);
    }
}
