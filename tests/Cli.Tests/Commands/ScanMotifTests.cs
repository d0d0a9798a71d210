using System.Globalization;
using GenomeScan.Formats.Motifs;
using GenomeScan.Scanner.Significance;

namespace GenomeScan.Cli.Tests.Commands;

public class ScanMotifTests
{
    [Fact]
    public async Task ScanWithAMotifScoresEveryWindowByItsLogOdds()
    {
        var dir = Directory.CreateTempSubdirectory("gs-pwm-");
        try
        {
            var rng = new Random(2);
            var bases = Enumerable.Range(0, 300).Select(_ => "ACGT"[rng.Next(4)]).ToArray();
            "TTCCTGTTTACT".CopyTo(0, bases, 100, 12);
            "AGTAAACAGGAA".CopyTo(0, bases, 200, 12);
            var fasta = Path.Combine(dir.FullName, "g.fa");
            File.WriteAllText(fasta, ">g\n" + new string(bases) + "\n");
            var motifPath = Path.Combine(RepoRoot.Path, "motifs", "FOXO1_HUMAN.H11MO.0.A.pcm");

            var every = CliRunner.Run("scan", "-q", fasta, "--motif", motifPath, "--threshold", "-1000", "--no-merge");
            Assert.Equal(0, every.ExitCode);
            var lines = every.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
            Assert.Equal(2 * (300 - 12 + 1), lines.Length);
            var composition = (await BaseComposition.CountAsync([fasta])).Rounded();
            var pwm = new PwmScoreNull(MotifReader.ReadFile(motifPath)[0], composition);
            foreach (var f in lines.Take(40))
            {
                int start = int.Parse(f[1]);
                var window = new string(bases, start, 12);
                if (f[5] == "-")
                    window = new string(window.Reverse().Select(c => c switch { 'A' => 'T', 'C' => 'G', 'G' => 'C', _ => 'A' }).ToArray());
                int expected = Enumerable.Range(0, 12).Sum(j => pwm.Weights[j, "ACGT".IndexOf(window[j])]);
                Assert.Equal(PwmScoreNull.Bits(expected), float.Parse(f[6], CultureInfo.InvariantCulture), 4);
            }

            // The default p-value cut-off finds both planted consensus sites on their strands, with exact p-values.
            var calls = CliRunner.Run("scan", "-q", fasta, "--motif", motifPath, "--format", "narrowpeak");
            Assert.Equal(0, calls.ExitCode);
            var peaks = calls.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
            Assert.Contains(peaks, p => p[1] == "100" && p[5] == "+");
            Assert.Contains(peaks, p => p[1] == "200" && p[5] == "-");
            foreach (var p in peaks)
            {
                double pValue = pwm.PValue(float.Parse(p[6], CultureInfo.InvariantCulture));
                Assert.Equal(-Math.Log10(pValue), double.Parse(p[7], CultureInfo.InvariantCulture), 4);
                Assert.InRange(int.Parse(p[4]), 0, 1000);
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData("bed")]
    [InlineData("narrowpeak")]
    [InlineData("narrowpeak", "--qvalue", "0.3")]
    public void ACollectionScanIsItsMotifsScansMergedAndSorted(string format, params string[] cutOff)
    {
        var genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
        var collection = Path.Combine(RepoRoot.Path, "motifs", "collections", "HOCOMOCO_2017-10-17_Human.tf");
        // Widths 19 (CTCF, GATA1.0), 12 (FOXA1, FOXO1, SP2.1), 22 (SP1.0, SP2.0), 11, 14: passes of one to three motifs.
        string[] names = ["SP1", "FOXO1", "CTCF", "FOXA1", "GATA1", "SP2"];
        // With --qvalue the collection counts each width's motifs in one pass, a motif alone in its own.
        var all = CliRunner.Run(["scan", "-q", genome, "-r", "chr2R:1-400000", "--motif", collection, "--format", format, .. cutOff, .. names.SelectMany(n => new[] { "--motif-name", n })]);
        Assert.True(all.ExitCode == 0, all.Stderr);
        // The motifs in file order (HOCOMOCO's file is alphabetical).
        string[] motifs = ["CTCF_HUMAN.H11MO.0.A", "FOXA1_HUMAN.H11MO.0.A", "FOXO1_HUMAN.H11MO.0.A", "GATA1_HUMAN.H11MO.0.A", "GATA1_HUMAN.H11MO.1.A",
            "SP1_HUMAN.H11MO.0.A", "SP1_HUMAN.H11MO.1.A", "SP2_HUMAN.H11MO.0.A", "SP2_HUMAN.H11MO.1.B"];
        var singles = motifs.SelectMany((m, i) =>
        {
            var one = CliRunner.Run(["scan", "-q", genome, "-r", "chr2R:1-400000", "--motif", collection, "--format", format, .. cutOff, "--motif-name", m]);
            Assert.True(one.ExitCode == 0, one.Stderr);
            // At q < 0.3 in 400 kbp of fly some of these human motifs find nothing.
            if (cutOff.Length == 0)
                Assert.NotEmpty(one.Stdout);
            return one.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (Line: line, Motif: i));
        }).ToList();
        var expected = singles.OrderBy(x => long.Parse(x.Line.Split('\t')[1], CultureInfo.InvariantCulture))
            .ThenBy(x => x.Line.Split('\t')[5] == "+" ? 0 : 1).ThenBy(x => x.Motif).Select(x => x.Line + "\n");
        Assert.Equal(string.Concat(expected), all.Stdout);
        var found = all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[3]).Distinct().Order().ToList();
        Assert.Equal(cutOff.Length == 0 ? motifs : singles.Select(x => motifs[x.Motif]).Distinct().Order(), found);
        Assert.True(found.Count >= 5, $"only {found.Count} motifs called");
    }

    [Fact]
    public void AMotifOfACollectionIsPickedByNameAndScansAsItsOwnFile()
    {
        var genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
        var collection = Path.Combine(RepoRoot.Path, "motifs", "collections", "HOCOMOCO_2017-10-17_Human.tf");
        var own = CliRunner.Run("scan", "-q", genome, "-r", "chr2R:1-300000", "--motif", Path.Combine(RepoRoot.Path, "motifs", "FOXO1_HUMAN.H11MO.0.A.pcm"));
        var picked = CliRunner.Run("scan", "-q", genome, "-r", "chr2R:1-300000", "--motif", collection, "--motif-name", "FOXO1");
        Assert.True(picked.ExitCode == 0, picked.Stderr);
        Assert.NotEmpty(own.Stdout);
        Assert.Equal(own.Stdout, picked.Stdout);
        // A name that picks nothing, or bedGraph of several motifs: one line, no output.
        var none = CliRunner.Run("scan", "-q", genome, "--motif", collection, "--motif-name", "NOSUCHFACTOR");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("no motif named NOSUCHFACTOR", none.Stderr);
        Assert.Empty(none.Stdout);
        var graph = CliRunner.Run("scan", "-q", genome, "--motif", collection, "--motif-name", "SP1", "--format", "bedgraph");
        Assert.Equal(1, graph.ExitCode);
        Assert.Contains("bedgraph takes one motif", graph.Stderr);
        Assert.Single(graph.Stderr.Trim().Split('\n'));
    }
}
