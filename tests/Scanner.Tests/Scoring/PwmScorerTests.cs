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
    static readonly int[] Strides = [1, 5];
    static readonly bool[] Both = [true, false];
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
        // Every kernel, each reporting the windows the sinks ask for (sparse) and writing every score (dense).
        foreach (var (kernel, stride, dense) in from k in PwmScorer.Supported from st in Strides from d in Both select (k, st, d))
        {
            var options = new ScanOptions { Stride = stride, MaxUnknown = width, Merge = false, Threads = 2, SegmentBases = 97, ChunkSize = 300 };
            using var scorers = ScorerFactory.ForMotifs(pwms, kernel);
            Assert.Equal(ScorerKind.Pwm, scorers.Kind);
            Assert.Equal(2, scorers.Channels);
            var outputs = pwms.Select(_ => new MemoryStream()).ToArray();
            var writers = outputs.Select(o => new GenomeScan.Formats.Bed.BedWriter(o)).ToArray();
            var sinks = pwms.Select((p, i) => (IScanSink)new RegionSink(OutputFormat.Bed, p.Motif.Name, float.NegativeInfinity, false, Strands.Both, writers[i], null))
                .Select(sink => dense ? new EveryWindow(sink) : sink).ToArray();
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
                    Assert.True(Math.Abs(expected - float.Parse(f[6], CultureInfo.InvariantCulture)) < 1e-4, $"{kernel}, channel {c}: {string.Join(' ', f)}: expected {expected}");
                }
            }
        }
    }

    /// <summary>A sink that hides that it could take reported windows: the scorer must write every score.</summary>
    sealed class EveryWindow(IScanSink inner) : IScanSink
    {
        public long Hits => inner.Hits;

        public void BeginRecord(GenomeScan.Formats.Fasta.FastaRecord record) => inner.BeginRecord(record);

        public void Add(long start, long end, float plus, float minus) => inner.Add(start, end, plus, minus);

        public void AddRange(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<float> plus, ReadOnlySpan<float> minus) =>
            inner.AddRange(starts, ends, plus, minus);

        public void EndRecord() => inner.EndRecord();

        public void Finish() => inner.Finish();
    }

    /// <summary>
    /// Real sequence (the example genome's first 300 kbp, one base in 500 made N) and HOCOMOCO matrices of
    /// odd and even widths, in groups of one width: every kernel the factory offers writes the same bytes as
    /// the scalar reference — BED and narrowPeak (p- and q-values, which count every score above the exact
    /// floor), merged or not, both strands or one, windows with unknown bases allowed or not — and the
    /// windows reported (sparse) give the same bytes as every score written (dense).
    /// </summary>
    [Fact]
    public async Task EveryKernelAndBothHandOversWriteTheSameRegions()
    {
        var rng = new Random(13);
        var text = new StringBuilder(">chr2R\n");
        using (var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(RepoRoot.Path, "examples/dm3_chr2R_1M.fa.gz")), System.IO.Compression.CompressionMode.Decompress)))
        {
            reader.ReadLine();
            for (string? line; text.Length < 300_000 && (line = reader.ReadLine()) is not null;)
                text.Append(string.Concat(line.Select(c => rng.Next(500) == 0 ? 'N' : c))).Append('\n');
        }
        text.Append(">short\nACGTTGCA\n");
        var fasta = Path.Combine(dir.FullName, "real.fa");
        File.WriteAllText(fasta, text.ToString());
        var collection = MotifReader.ReadFile(Path.Combine(RepoRoot.Path, "motifs/collections/HOCOMOCO_2017-10-17_Human.tf"));
        var groups = collection.GroupBy(m => m.Length).Where(g => g.Key is 9 or 12 or 15 or 20).Select(g => g.Take(5).Select(m => new PwmScoreNull(m, BaseComposition.Uniform)).ToArray()).ToList();
        foreach (var (format, merge, strands, maxUnknown) in new[] { (OutputFormat.Bed, true, Strands.Both, 0), (OutputFormat.NarrowPeak, false, Strands.Both, 3), (OutputFormat.NarrowPeak, true, Strands.Minus, 1) })
            foreach (var pwms in groups)
            {
                string? reference = null;
                foreach (var (kernel, dense) in from k in PwmScorer.Supported from d in Both select (k, d))
                {
                    var options = new ScanOptions { MaxUnknown = maxUnknown, Merge = merge, Strands = strands, Threads = 2, ChunkSize = 10_000 };
                    using var scorers = ScorerFactory.ForMotifs(pwms, kernel);
                    var outputs = pwms.Select(_ => new MemoryStream()).ToArray();
                    var writers = outputs.Select(o => new GenomeScan.Formats.Bed.BedWriter(o)).ToArray();
                    var regionSinks = pwms.Select((p, i) => new RegionSink(format, p.Motif.Name, p.ThresholdFor(1e-3), merge, strands, writers[i], p)).ToArray();
                    var sinks = regionSinks.Select(sink => dense ? new EveryWindow(sink) : (IScanSink)sink).ToArray();
                    await ScanPipeline.RunAsync(SequenceSources.Open([fasta], null, pwms[0].Width, options.ChunkSize), scorers, sinks, options, TextWriter.Null);
                    foreach (var sink in regionSinks)
                        sink.Dispose();
                    foreach (var writer in writers)
                        writer.Dispose();
                    var result = string.Concat(outputs.Select(o => Encoding.UTF8.GetString(o.ToArray())));
                    Assert.True(result.Split('\n').Length > 20 * pwms.Length, $"{format}, {pwms[0].Width} bp: too few regions to compare");
                    reference ??= result;
                    Assert.True(reference == result, $"{kernel} ({(dense ? "every score" : "reported windows")}), {format}, merge {merge}, {strands}, max-n {maxUnknown}, {pwms[0].Width} bp: differs from the scalar reference");
                }
            }
    }

    /// <summary>test.sh runs the kernel tests again with AVX-512 off: the switch it uses must switch the 512-bit kernel off.</summary>
    [Fact]
    public void TheSwitchTestShUsesTurnsTheWideKernelOff()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
            Assert.DoesNotContain(PwmKernel.Vector512, PwmScorer.Supported);
        Assert.Contains(PwmKernel.Scalar, PwmScorer.Supported);
        Assert.Equal(PwmScorer.Supported[^1], PwmScorer.Best);
    }
}
