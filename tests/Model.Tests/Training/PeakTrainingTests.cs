using System.Text;
using GenomeScan.Formats;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Sequences;
using GenomeScan.Model.Evaluation;
using GenomeScan.Model.Interpretation;
using GenomeScan.Model.Training;
using GenomeScan.Scanner;
using GenomeScan.Scanner.Network;
using TorchSharp;

namespace GenomeScan.Model.Tests.Training;

/// <summary>
/// Peaks + genome: the example genome (1 Mbp of dm3 chr2R) cut into five 200-kb chromosomes, a FOXO1 site
/// (drawn from the matrix, either strand) planted near each "summit", off-centre by up to ±30 bases. Sites are
/// drawn until one scores at least <see cref="SiteFraction"/> of the matrix's best log-odds, as bound sites
/// do: a site drawn freely from this matrix is often no better than chance matches in fly DNA (the matrix
/// itself then separates such peaks from genomic windows with AUROC ~0.82, a ceiling for any model).
/// </summary>
[Collection(GenomeScan.Tests.TorchTests.Name)]
public sealed class PeakTrainingTests : IDisposable
{
    const double SiteFraction = 0.75;
    const int Chromosome = 200_000, PeaksPerChromosome = 320, Spacing = 600, MaxOffset = 30;
    static readonly string[] Names = ["chrA", "chrB", "chrC", "chrD", "chrE"];
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-peaks-");

    public void Dispose() => dir.Delete(true);

    /// <summary>Writes genome.fa and peaks.narrowPeak; extra peaks on a missing chromosome (2) and off chrA's end (1).</summary>
    (string Genome, string Peaks) Write(ulong seed = 3)
    {
        var source = FastaReader.ReadRecords(Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz"))[0].Codes;
        var motif = MotifReader.BuiltIn();
        var logOdds = motif.LogOdds([0.25, 0.25, 0.25, 0.25]);
        double best = Enumerable.Range(0, motif.Length).Sum(i => Enumerable.Range(0, Alphabet.Size).Max(b => logOdds[i, b]));
        var rng = new SeededRandom(seed);
        var site = new byte[motif.Length];
        var fasta = new StringBuilder();
        var peaks = new StringBuilder();
        for (int c = 0; c < Names.Length; c++)
        {
            var codes = source.AsSpan(c * Chromosome, Chromosome).ToArray();
            for (int p = 0; p < PeaksPerChromosome; p++)
            {
                // Summits 600 bases apart from 1,000: room for the windows and for negatives between them.
                long summit = 1_000 + p * Spacing;
                int at = (int)summit + rng.NextInt(2 * MaxOffset + 1) - MaxOffset - motif.Length / 2;
                bool minus = rng.NextInt(2) == 1;
                do
                {
                    for (int i = 0; i < motif.Length; i++)
                        site[i] = Draw(motif, i, rng.NextDouble());
                }
                while (Enumerable.Range(0, motif.Length).Sum(i => logOdds[i, site[i]]) < SiteFraction * best);
                for (int i = 0; i < motif.Length; i++)
                {
                    if (minus)
                        codes[at + motif.Length - 1 - i] = Alphabet.Complement(site[i]);
                    else
                        codes[at + i] = site[i];
                }
                peaks.Append($"{Names[c]}\t{summit - 100}\t{summit + 150}\tpeak{c}_{p}\t0\t.\t{10 + p % 7}\t-1\t-1\t100\n");
            }
            fasta.Append('>').Append(Names[c]).Append('\n');
            for (int i = 0; i < codes.Length; i += 60)
                fasta.Append(new string(codes.AsSpan(i, Math.Min(60, codes.Length - i)).ToArray().Select(b => "ACGTN"[b]).ToArray())).Append('\n');
        }
        peaks.Append("chrZ\t100\t300\tmissing1\t0\t.\t5\t-1\t-1\t100\n");
        peaks.Append("chrZ\t500\t700\tmissing2\t0\t.\t5\t-1\t-1\t100\n");
        peaks.Append($"chrA\t{Chromosome - 60}\t{Chromosome - 1}\toffEnd\t0\t.\t5\t-1\t-1\t50\n");
        var genome = Path.Combine(dir.FullName, "genome.fa");
        var peaksPath = Path.Combine(dir.FullName, "peaks.narrowPeak");
        File.WriteAllText(genome, fasta.ToString());
        File.WriteAllText(peaksPath, peaks.ToString());
        return (genome, peaksPath);
    }

    static byte Draw(Motif motif, int position, double u)
    {
        for (byte b = 0; b < Alphabet.Size - 1; b++)
        {
            u -= motif.Probability(position, b);
            if (u < 0)
                return b;
        }
        return Alphabet.Size - 1;
    }

    static HashSet<string> Rows(LabelledDataset data) =>
        [.. Enumerable.Range(0, data.Count).Select(r => Convert.ToHexString(data.Row(r)))];

    [Fact]
    public void HeldOutChromosomesNeverReachTrainingAndEveryPeakIsCounted()
    {
        var (genome, peaks) = Write();
        foreach (var negatives in new[] { NegativeSource.Shuffled, NegativeSource.Genomic })
        {
            var sets = PeakTrainingData.Build(new PeakRequest(peaks, genome, 101, null, negatives, ["chrD"], ["chrE"], 1));
            Assert.Equal(PeaksPerChromosome * 5 + 3, sets.Counts.InFile);
            Assert.Equal(2, sets.Counts.MissingChromosome);
            Assert.Equal(["chrZ"], sets.Counts.MissingNames);
            Assert.Equal(1, sets.Counts.OffEnd);
            Assert.Equal(PeaksPerChromosome * 5, sets.Counts.Used);
            // Positives then their negatives: 3 chromosomes train, one validates, one tests.
            Assert.Equal(2 * 3 * PeaksPerChromosome, sets.Train.Count);
            Assert.Equal(2 * PeaksPerChromosome, sets.Validation!.Count);
            Assert.Equal(2 * PeaksPerChromosome, sets.Test!.Count);
            var train = Rows(sets.Train);
            Assert.DoesNotContain(Rows(sets.Test), train.Contains);
            Assert.DoesNotContain(Rows(sets.Validation), train.Contains);
            // The test positives are chrE's windows, centred on its summits.
            var chrE = FastaReader.ReadRecords(genome).Single(r => r.Name == "chrE").Codes;
            for (int p = 0; p < PeaksPerChromosome; p++)
                Assert.Equal(chrE.AsSpan(1_000 + p * Spacing - 50, 101).ToArray(), sets.Test.Row(p).ToArray());
        }
    }

    [Fact]
    public void GenomicNegativesAreAwayFromPeaksAndGcMatched()
    {
        var (genome, peaks) = Write();
        var sets = PeakTrainingData.Build(new PeakRequest(peaks, genome, 101, null, NegativeSource.Genomic, [], [], 2));
        Assert.Equal(0, sets.Counts.GcUnmatched);
        var data = sets.Train;
        int n = data.Count / 2;
        var positives = Rows(data.Select([.. Enumerable.Range(0, n)]));
        for (int i = 0; i < n; i++)
        {
            double gcPositive = ChromosomeReader.Composition(data.Row(i)).Gc, gcNegative = ChromosomeReader.Composition(data.Row(n + i)).Gc;
            Assert.True(Math.Abs(gcPositive - gcNegative) <= PeakTrainingData.GcTolerance, $"pair {i}: GC {gcPositive:F3} vs {gcNegative:F3}");
            Assert.Equal(0, ChromosomeReader.Composition(data.Row(n + i)).Unknown);
            Assert.DoesNotContain(Convert.ToHexString(data.Row(n + i)), positives);
        }
        // Away from every peak: some place the negative occurs (fly repeats occur more than once) overlaps no
        // peak interval [summit − 100, summit + 150).
        var records = FastaReader.ReadRecords(genome).Select(r => Convert.ToHexString(r.Codes)).ToList();
        for (int i = 0; i < n; i += 7)
        {
            var negative = Convert.ToHexString(data.Row(n + i));
            var starts = records.SelectMany(r => Occurrences(r, negative)).ToList();
            Assert.NotEmpty(starts);
            Assert.Contains(starts, start => Enumerable.Range(0, PeaksPerChromosome).Select(p => 1_000 + p * (long)Spacing)
                .All(summit => start + 101 <= summit - 100 || start >= summit + 150));
        }
    }

    static IEnumerable<long> Occurrences(string hex, string part)
    {
        for (int i = hex.IndexOf(part, StringComparison.Ordinal); i >= 0; i = hex.IndexOf(part, i + 1, StringComparison.Ordinal))
            if (i % 2 == 0)
                yield return i / 2;
    }

    [Fact]
    public void TopTakesTheStrongestPeaksAndBadLinesNameFileAndLine()
    {
        var (_, peaks) = Write();
        var all = PeakFile.Read(peaks);
        var top = PeakFile.Top(all, 10);
        Assert.Equal(10, top.Count);
        Assert.All(top, p => Assert.True(p.Signal >= all.Select(q => q.Signal).Order().ElementAt(all.Count - 10)));
        Assert.Equal(all[0].Start + 100, all[0].Summit);
        var bad = Path.Combine(dir.FullName, "bad.bed");
        File.WriteAllText(bad, "chr1\t10\t20\nchr1\t30\t25\n");
        var error = Assert.Throws<InputException>(() => PeakFile.Read(bad));
        Assert.Contains("bad.bed:2", error.Message);
        File.WriteAllText(bad, "chr1\t10\t20\tp\t0\t.\t5\t-1\t-1\t5\nchr1\t10\t20\tp\t0\t.\t5\t-1\t-1\t12\n");
        Assert.Contains("bad.bed:2", Assert.Throws<InputException>(() => PeakFile.Read(bad)).Message);
    }

    [Fact]
    public void PlantedFoxo1SitesAreLearntFromPeaksAndFoundOnAHeldOutChromosome()
    {
        torch.set_num_threads(2);
        var (genome, peaks) = Write();
        var outDir = Path.Combine(dir.FullName, "model");
        var request = new TrainRequest([], null, null, outDir, new TrainingOptions { Seed = 5, Epochs = 20, MaxShift = -1 }, SearchTrials: 1)
        {
            Peaks = new PeakRequest(peaks, genome, 101, null, NegativeSource.Genomic, ["chrD"], ["chrE"], 5),
        };
        var outcome = Assert.Single(TrainingRun.Run(request, TextWriter.Null));
        Assert.True(outcome.TestMetrics.Auroc >= 0.95, $"held-out chromosome AUROC {outcome.TestMetrics.Auroc:F4}");
        // The best first-layer filter is FOXO1's matrix.
        var sets = PeakTrainingData.Build(request.Peaks);
        var report = FilterAnalysis.Analyse(File.ReadAllBytes(outcome.OnnxPath!), "model", sets.Test!, [MotifReader.BuiltIn()], shuffles: 50);
        double best = report.Filters.Max(f => f.BestMatch?.Correlation ?? 0);
        Assert.True(best >= 0.8, $"best filter's correlation with FOXO1 {best:F3}");

        // evaluate --peaks --genome --chroms chrE rebuilds the same test set and scores it through ONNX Runtime.
        using var model = OnnxWindowClassifier.Load(File.ReadAllBytes(outcome.OnnxPath!), "model", ExecutionDevice.Cpu, 2);
        var evaluation = EvaluationRun.EvaluatePeaks(model, request.Peaks with { ValidationChromosomes = [] }, new MotifSelection("FOXO1", [MotifReader.BuiltIn()]));
        Assert.Equal(outcome.TestMetrics.Auroc, evaluation.Metrics.Auroc, 3);
        Assert.Equal(2 * PeaksPerChromosome, evaluation.Metrics.Count);
        Assert.Equal("FOXO1_HUMAN.H11MO.0.A", Assert.Single(evaluation.Matrices!).Motif);
    }
}
