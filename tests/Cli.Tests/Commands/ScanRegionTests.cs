using System.Text;

namespace GenomeScan.Cli.Tests.Commands;

public sealed class ScanRegionTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-regions-");

    public void Dispose() => dir.Delete(true);

    string Genome(string name, int lineWidth = 60)
    {
        var rng = new Random(12);
        var text = new StringBuilder();
        foreach (var (chrom, length) in new[] { ("chrA", 5000), ("chrB", 73), ("chrC", 2345) })
        {
            text.Append($">{chrom} test\n");
            var bases = new string(Enumerable.Range(0, length).Select(_ => "ACGTacgtN"[rng.Next(9)]).ToArray());
            for (int i = 0; i < length; i += lineWidth)
                text.Append(bases.AsSpan(i, Math.Min(lineWidth, length - i))).Append('\n');
        }
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void AnRnaRecordReadByRegionGetsTheWholeScansScores()
    {
        // One decoder for every path: U reads as T whether the record is streamed or read through the index.
        var rng = new Random(21);
        var path = Path.Combine(dir.FullName, "rna.fa");
        File.WriteAllText(path, ">chrU\n" + new string(Enumerable.Range(0, 106).Select(_ => "ACGUacguACGUacgun"[rng.Next(17)]).ToArray()) + "\n");
        foreach (var maxN in new[] { "10", "100" })
        {
            string[] common = ["-q", "--threshold", "0", "--no-merge", "--max-n", maxN];
            var whole = CliRunner.Run(["scan", path, .. common]);
            var region = CliRunner.Run(["scan", path, "-r", "chrU", .. common]);
            Assert.Equal(0, whole.ExitCode);
            Assert.Equal(0, region.ExitCode);
            Assert.NotEmpty(Lines(whole.Stdout));
            Assert.Equal(whole.Stdout, region.Stdout);
        }
    }

    [Fact]
    public void IndexesAreSamtoolsOwnAndRegionsMatchTheWholeScan()
    {
        Shell.Require("samtools", "bgzip");
        var plain = Genome("g.fa");
        var run = Shell.Run($"set -e; bgzip -c {plain} > {plain}.gz; mkdir -p {dir.FullName}/ref; cp {plain} {plain}.gz {dir.FullName}/ref/; "
            + $"samtools faidx {dir.FullName}/ref/g.fa; samtools faidx {dir.FullName}/ref/g.fa.gz");
        Assert.True(run.ExitCode == 0, run.Stderr);
        string[] common = ["-q", "--threshold", "0.2", "--no-merge", "--max-n", "100"];
        foreach (var file in new[] { plain, plain + ".gz" })
        {
            // Every window of every stride is a window of the stride-1 whole scan, with the same score.
            var whole = Lines(CliRunner.Run(["scan", file, .. common]).Stdout);
            Assert.NotEmpty(whole);
            foreach (var stride in new[] { 1, 7 })
            {
                var regions = CliRunner.Run(["scan", file, "--stride", $"{stride}", "-r", "chrA:1001-2000", "-r", "chrA:4950", "-r", "chrB", "-r", "chrC:2000-2345", .. common]);
                Assert.Equal(0, regions.ExitCode);
                // A region means its bases (0-based [from, to)): windows wholly inside, from its start at the
                // stride, the last aligned to its end.
                (string Chrom, long From, long To)[] asked = [("chrA", 1000, 2000), ("chrA", 4949, 6000), ("chrB", 0, 3000), ("chrC", 1999, 2345)];
                bool In(string line)
                {
                    var f = line.Split('\t');
                    long start = long.Parse(f[1]);
                    return asked.Any(r => f[0] == r.Chrom && start >= r.From && start + 100 <= r.To && ((start - r.From) % stride == 0 || start + 100 == r.To));
                }
                // Region by region, in the order asked: sort both by the same key to compare.
                var expected = whole.Where(In).Order().ToArray();
                Assert.Equal(expected, Lines(regions.Stdout).Order().ToArray());
            }
        }
        // The indexes written beside the inputs are byte for byte samtools'.
        Assert.Equal(File.ReadAllBytes($"{dir.FullName}/ref/g.fa.fai"), File.ReadAllBytes(plain + ".fai"));
        Assert.Equal(File.ReadAllBytes($"{dir.FullName}/ref/g.fa.gz.fai"), File.ReadAllBytes(plain + ".gz.fai"));
        Assert.Equal(File.ReadAllBytes($"{dir.FullName}/ref/g.fa.gz.gzi"), File.ReadAllBytes(plain + ".gz.gzi"));
    }

    [Fact]
    public void RegionsFromABedFileAndSamtoolsRegionRecordsUseChromosomeCoordinates()
    {
        Shell.Require("samtools");
        var plain = Genome("h.fa");
        var bed = Path.Combine(dir.FullName, "r.bed");
        File.WriteAllText(bed, "# header\nchrA\t1000\t2000\n");
        string[] common = ["-q", "--threshold", "0.2", "--no-merge"];
        var fromBed = Lines(CliRunner.Run(["scan", plain, "--regions", bed, .. common]).Stdout);
        var fromRegion = Lines(CliRunner.Run(["scan", plain, "-r", "chrA:1001-2000", .. common]).Stdout);
        Assert.Equal(fromRegion, fromBed);

        // samtools faidx prints the region as a record named chrA:1001-2000, scanned in chrA's coordinates:
        // the same windows (wholly inside: starts 1000..1900) as the region read through the index, at any
        // stride. The scores agree to rounding only: the piped record has no bases around it, so the
        // kernels' Winograd tiles at its ends read zeros where a region scan reads context.
        foreach (var stride in new[] { "1", "7" })
        {
            var piped7 = Shell.Run($"samtools faidx {plain} chrA:1001-2000 | $GS scan -q --threshold 0 --max-n 100 --no-merge --stride {stride} -");
            var region7 = CliRunner.Run(["scan", plain, "-r", "chrA:1001-2000", "-q", "--threshold", "0", "--max-n", "100", "--no-merge", "--stride", stride]);
            Assert.Equal(Lines(piped7.Stdout).Select(l => string.Join('\t', l.Split('\t')[..6])), Lines(region7.Stdout).Select(l => string.Join('\t', l.Split('\t')[..6])));
        }
        var piped = Shell.Run($"samtools faidx {plain} chrA:1001-2000 | $GS scan -q --threshold 0 --max-n 100 --no-merge -");
        Assert.Equal(0, piped.ExitCode);
        var all = Lines(CliRunner.Run(["scan", plain, "-r", "chrA:1001-2000", "-q", "--threshold", "0", "--max-n", "100", "--no-merge"]).Stdout);
        var pipedLines = Lines(piped.Stdout);
        Assert.Equal(all.Length, pipedLines.Length);
        Assert.Equal(2 * 901, all.Length); // every window start 1000..1900, both strands
        for (int i = 0; i < all.Length; i++)
        {
            string[] e = all[i].Split('\t'), a = pipedLines[i].Split('\t');
            Assert.Equal(e[..4].Append(e[5]), a[..4].Append(a[5]));
            Assert.True(Math.Abs(double.Parse(e[6], System.Globalization.CultureInfo.InvariantCulture)
                - double.Parse(a[6], System.Globalization.CultureInfo.InvariantCulture)) <= 1e-5, $"{all[i]} vs {pipedLines[i]}");
        }
        var raw = Shell.Run($"samtools faidx {plain} chrA:1001-2099 | $GS scan -q --threshold 0.2 --no-merge --no-parse-coords -");
        Assert.All(Lines(raw.Stdout), l => Assert.StartsWith("chrA:1001-2099\t", l));
    }

    [Fact]
    public void RegionErrorsAreOneLine()
    {
        Shell.Require("gzip");
        var plain = Genome("e.fa");
        var unknown = CliRunner.Run("scan", "-q", plain, "-r", "chrZ:1-10");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no sequence named 'chrZ'", unknown.Stderr);
        Assert.Equal(0, Shell.Run($"gzip -c {plain} > {plain}.gz").ExitCode);
        var gzip = CliRunner.Run("scan", "-q", plain + ".gz", "-r", "chrA");
        Assert.Equal(1, gzip.ExitCode);
        Assert.Contains("compress with bgzip, not gzip", gzip.Stderr);
        var beyond = CliRunner.Run("scan", "-q", plain, "-r", "chrB:100-200");
        Assert.Equal(1, beyond.ExitCode);
        Assert.Contains("starts beyond the end of chrB", beyond.Stderr);
    }
}
