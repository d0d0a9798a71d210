using System.Globalization;

namespace GenomeScan.Cli.Tests.Commands;

public sealed class ScanFormatsTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-formats-");

    public void Dispose() => dir.Delete(true);

    string Example()
    {
        var path = Path.Combine(dir.FullName, "ex.fa");
        var run = Shell.Run($"set +o pipefail; bgzip -dc {Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz")} | head -n 4001 > {path}");
        Assert.Equal(0, run.ExitCode);
        return path;
    }

    [Fact]
    public void NarrowPeakHasPValuesQValuesAndSummitsAndBedtoolsReadsIt()
    {
        Shell.Require("bedtools", "bgzip");
        var genome = Example();
        var output = Path.Combine(dir.FullName, "peaks.narrowPeak");
        var scan = CliRunner.Run("scan", "-q", genome, "--format", "narrowpeak", "--pvalue", "1e-3", "-o", output);
        Assert.Equal(0, scan.ExitCode);
        var lines = File.ReadAllLines(output);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var f = line.Split('\t');
            Assert.Equal(10, f.Length);
            long start = long.Parse(f[1]), end = long.Parse(f[2]), peak = long.Parse(f[9]);
            Assert.InRange(int.Parse(f[4]), 0, 1000);
            Assert.InRange(peak, 0, end - start - 1);
            double p = Math.Pow(10, -double.Parse(f[7], CultureInfo.InvariantCulture));
            double q = Math.Pow(10, -double.Parse(f[8], CultureInfo.InvariantCulture));
            Assert.True(p < 1e-3 * 1.0001, line);
            Assert.True(q >= p * 0.9999 && q <= 1.0001, line);
        }
        var merged = Shell.Run($"bedtools sort -i {output} | bedtools merge -s -c 8 -o max");
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        Assert.NotEmpty(merged.Stdout);
    }

    [Fact]
    public void StricterPValuesGiveFewerHits()
    {
        var genome = Example();
        int Count(string p) => CliRunner.Run("scan", "-q", genome, "--pvalue", p, "--no-merge").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        int loose = Count("1e-2"), middle = Count("1e-3"), strict = Count("1e-4");
        Assert.True(loose > middle && middle > strict, $"{loose}, {middle}, {strict}");
        // On 200 kbp (≈ 400,000 strand windows) p < 0.01 lets through about 1% of windows.
        Assert.InRange(loose, 400, 40_000);
    }

    [Fact]
    public void BedGraphTilesWithoutOverlapAndBedtoolsReadsIt()
    {
        Shell.Require("bedtools", "bgzip");
        var genome = Example();
        var output = Path.Combine(dir.FullName, "scores.bedGraph");
        Assert.Equal(0, CliRunner.Run("scan", "-q", genome, "--format", "bedgraph", "--stride", "10", "-o", output).ExitCode);
        var lines = File.ReadAllLines(output);
        long previousEnd = 0;
        foreach (var line in lines)
        {
            var f = line.Split('\t');
            Assert.Equal(4, f.Length);
            long start = long.Parse(f[1]), end = long.Parse(f[2]);
            Assert.True(start >= previousEnd && end > start, line);
            Assert.InRange(double.Parse(f[3], CultureInfo.InvariantCulture), 0, 1);
            previousEnd = end;
        }
        // 200,000 bases at stride 10: one value per window.
        Assert.InRange(lines.Length, 19_980, 20_000);
        var merged = Shell.Run($"bedtools merge -i {output} | wc -l");
        Assert.Equal(0, merged.ExitCode);
    }

    [Fact]
    public void HeaderLineNamesCommandAndModelAndBedtoolsSkipsIt()
    {
        Shell.Require("bedtools", "bgzip");
        var genome = Example();
        var output = Path.Combine(dir.FullName, "hits.bed");
        Assert.Equal(0, CliRunner.Run("scan", "-q", genome, "--header", "--pvalue", "1e-3", "-o", output).ExitCode);
        var first = File.ReadLines(output).First();
        Assert.StartsWith("# genomescan ", first);
        Assert.Contains("--pvalue 1e-3", first);
        Assert.Contains("model=genomescan-v7", first);
        var sorted = Shell.Run($"bedtools sort -i {output} | wc -l");
        Assert.Equal(0, sorted.ExitCode);
    }
}

public sealed class ScanQValueTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-qvalue-");

    public void Dispose() => dir.Delete(true);

    [Fact]
    public void QValueCutOffReportsOnlyRegionsAtOrBelowIt()
    {
        Shell.Require("bgzip");
        var genome = Path.Combine(dir.FullName, "g.fa");
        Assert.Equal(0, Shell.Run($"set +o pipefail; bgzip -dc {Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz")} | head -n 601 > {genome}").ExitCode);
        // 30 kbp (60,000 strand windows) with strong copies of the FOXO1 consensus, so that something is discovered.
        var lines = File.ReadAllLines(genome);
        for (int i = 20; i < 600; i += 40)
            lines[i] = lines[i][..10] + "TTCCTGTTTACT" + lines[i][22..];
        File.WriteAllLines(genome, lines);
        var result = CliRunner.Run("scan", genome, "--qvalue", "0.05", "--format", "narrowpeak");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("scan: q < 0.05 means score > ", result.Stderr);
        var peaks = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(peaks);
        Assert.All(peaks, l => Assert.True(double.Parse(l.Split('\t')[8], System.Globalization.CultureInfo.InvariantCulture) >= -Math.Log10(0.05) - 1e-5, l));

        var both = CliRunner.Run("scan", genome, "--qvalue", "0.05", "--threshold", "0.5");
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("alternatives", both.Stderr);
    }
}

/// <summary>
/// BED's score column ranks hits by significance on one scale for models and motifs (issue 14): 100 × −log10 p
/// of the best window, which narrowPeak's pValue column states, and it separates the built-in model's hits.
/// </summary>
public class SignificanceScoreTests
{
    [Theory]
    [InlineData()]
    [InlineData("--motif", "motifs/FOXO1_HUMAN.H11MO.0.A.pcm")]
    public void TheScoreIsTheHitsSignificance(params string[] model)
    {
        var genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
        var args = model.Select(a => a.StartsWith("motifs/", StringComparison.Ordinal) ? Path.Combine(RepoRoot.Path, a) : a).ToArray();
        var result = CliRunner.Run(["scan", "-q", genome, "--format", "narrowpeak", .. args]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var rows = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        Assert.True(rows.Count > 20, $"{rows.Count} hits");
        foreach (var row in rows)
        {
            int score = int.Parse(row[4], System.Globalization.CultureInfo.InvariantCulture);
            double minusLog10P = double.Parse(row[7], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(score, Math.Min(1000, (int)Math.Floor(100 * minusLog10P)) - 1, Math.Min(1000, (int)Math.Ceiling(100 * minusLog10P)));
            Assert.InRange(score, 400, 1000);
        }
        Assert.True(rows.Select(r => r[4]).Distinct().Count() >= 10, "the scores should separate the hits");
        var bed = CliRunner.Run(["scan", "-q", genome, .. args]);
        Assert.Equal(rows.Select(r => r[4]).Order(), bed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[4]).Order());
    }
}
