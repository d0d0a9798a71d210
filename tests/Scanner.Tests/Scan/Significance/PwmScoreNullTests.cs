using System.Globalization;
using GenomeScan.Formats.Motifs;
using GenomeScan.Scanner.Scan.Significance;

namespace GenomeScan.Scanner.Tests.Scan.Significance;

public class PwmScoreNullTests
{
    static readonly Motif Small = MotifReader.Parse(">small\n8 1 1 0\n0 0 9 1\n2 3 2 3\n", "small.pcm")[0];
    static readonly BaseComposition Background = new(0.3, 0.2, 0.2, 0.3);

    [Fact]
    public void PValuesAreExactOverEveryBackgroundWindow()
    {
        var pwm = new PwmScoreNull(Small, Background);
        // All 64 windows with their background probabilities.
        var windows = new List<(int Score, double Probability)>();
        for (int code = 0; code < 64; code++)
        {
            int a = code / 16, b = code / 4 % 4, c = code % 4;
            windows.Add((pwm.Weights[0, a] + pwm.Weights[1, b] + pwm.Weights[2, c], Background[a] * Background[b] * Background[c]));
        }
        foreach (var (score, _) in windows)
        {
            double expected = windows.Where(w => w.Score >= score).Sum(w => w.Probability);
            Assert.Equal(expected, pwm.PValue(PwmScoreNull.Bits(score)), 12);
        }
        foreach (var alpha in new[] { 0.001, 0.01, 0.05, 0.2, 0.7 })
        {
            float t = pwm.ThresholdFor(alpha);
            foreach (var (score, _) in windows)
                Assert.Equal(pwm.PValue(PwmScoreNull.Bits(score)) < alpha, PwmScoreNull.Bits(score) > t);
        }
        Assert.Equal(pwm.MaxScore, windows.Max(w => w.Score));
        Assert.Equal(pwm.MinScore, windows.Min(w => w.Score));
    }

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
}
