using System.Globalization;
using System.Text;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Scanner.Tests.Scoring;

/// <summary>
/// The PWM scorer through the factory and the pipeline against a scalar reference: every window's log-odds
/// summed column by column (an unknown base: its column's minimum), both strands, at several strides,
/// across many segment and chunk boundaries, for an even and an odd width and a record shorter than the motif.
/// </summary>
[Trait("Category", "Kernels")]
public sealed class PwmScorerTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-pwm-");

    public void Dispose() => dir.Delete(true);

    /// <summary>A window (padded with N to the width) scored column by column; the minus strand reads its reverse complement.</summary>
    static int Reference(PwmScoreNull pwm, string window, bool minus)
    {
        window = window.PadRight(pwm.Width, 'N');
        int sum = 0;
        for (int j = 0; j < pwm.Width; j++)
        {
            int code = "ACGT".IndexOf(char.ToUpperInvariant(window[minus ? pwm.Width - 1 - j : j]));
            sum += code < 0 ? Enumerable.Range(0, 4).Min(b => pwm.Weights[j, b]) : pwm.Weights[j, minus ? 3 - code : code];
        }
        return sum;
    }

    [Theory]
    [InlineData(12)]
    [InlineData(11)]
    public async Task EveryWindowScoresItsColumnsSum(int width)
    {
        var rng = new Random(width);
        var full = MotifReader.BuiltIn();
        var probabilities = new double[width, 4];
        for (int j = 0; j < width; j++)
            for (int b = 0; b < 4; b++)
                probabilities[j, b] = full.Probability(j, b);
        var motif = new Motif($"m{width}", probabilities);
        var pwm = new PwmScoreNull(motif, BaseComposition.Uniform);
        string Bases(int n) => new(Enumerable.Range(0, n).Select(_ => "ACGTacgtN"[rng.Next(9)]).ToArray());
        var records = new[] { ("long", Bases(1500)), ("short", Bases(width - 3)), ("exact", Bases(width)) };
        var fasta = Path.Combine(dir.FullName, "g.fa");
        File.WriteAllText(fasta, string.Concat(records.Select(r => $">{r.Item1}\n{r.Item2}\n")));
        // A second motif of the same width (the first's columns reversed) scores the same windows in channel 1.
        var reversed = new double[width, 4];
        for (int j = 0; j < width; j++)
            for (int b = 0; b < 4; b++)
                reversed[j, b] = probabilities[width - 1 - j, b];
        var pwms = new[] { pwm, new PwmScoreNull(new Motif($"r{width}", reversed), BaseComposition.Uniform) };
        foreach (int stride in new[] { 1, 5 })
        {
            var options = new ScanOptions { Stride = stride, MaxUnknown = width, Merge = false, Threads = 2, SegmentBases = 97, ChunkSize = 300 };
            using var scorers = ScorerFactory.ForMotifs(pwms);
            Assert.Equal(ScorerKind.Pwm, scorers.Kind);
            Assert.Equal(2, scorers.Channels);
            var outputs = pwms.Select(_ => new MemoryStream()).ToArray();
            var writers = outputs.Select(o => new GenomeScan.Formats.Bed.BedWriter(o)).ToArray();
            var sinks = pwms.Select((p, i) => (IScanSink)new RegionSink(OutputFormat.Bed, p.Motif.Name, float.NegativeInfinity, false, Strands.Both, writers[i], null)).ToArray();
            await ScanPipeline.RunAsync(SequenceSources.Open([fasta], null, width, options.ChunkSize), scorers, sinks, options, TextWriter.Null);
            for (int c = 0; c < pwms.Length; c++)
            {
                writers[c].Dispose();
                var lines = Encoding.UTF8.GetString(outputs[c].ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
                // Every start at the stride, and the last window of a record so that its end is covered.
                int expectedWindows = records.Sum(r => r.Item2.Length < width ? 1 : (r.Item2.Length - width) / stride + 1 + ((r.Item2.Length - width) % stride == 0 ? 0 : 1));
                Assert.Equal(2 * expectedWindows, lines.Count);
                foreach (var f in lines)
                {
                    var bases = records.Single(r => r.Item1 == f[0]).Item2;
                    int start = int.Parse(f[1], CultureInfo.InvariantCulture);
                    var window = bases.Substring(start, Math.Min(width, bases.Length - start));
                    float expected = PwmScoreNull.Bits(Reference(pwms[c], window, f[5] == "-"));
                    Assert.True(Math.Abs(expected - float.Parse(f[6], CultureInfo.InvariantCulture)) < 1e-4, $"channel {c}: {string.Join(' ', f)}: expected {expected}");
                }
            }
        }
    }
}
