using GenomeScan.Formats.Sequences;
using GenomeScan.Model.Architectures;

namespace GenomeScan.Scanner.Tests.Scoring;

/// <summary>
/// Every engine the factory offers — our kernels (whichever vector width this CPU gives them; test.sh runs
/// these tests again with DOTNET_EnableAVX512=0), the dense form in ONNX Runtime, ONNX Runtime window by
/// window — against a scalar reference: the network evaluated window by window in double precision,
/// straight from its layers.
/// </summary>
[Trait("Category", "Kernels")]
public class ScalarReferenceTests
{
    static readonly int[] Lengths = [57, 100, 400];

    /// <summary>One window (codes, unknown = 4; shorter than the window: padded with unknown) through the network.</summary>
    static double Reference(WindowNetwork network, ReadOnlySpan<byte> codes, int windowLength)
    {
        int positions = windowLength, channels = Alphabet.Size;
        var x = new double[positions * channels];
        for (int p = 0; p < codes.Length; p++)
            if (codes[p] < Alphabet.Size)
                x[p * channels + codes[p]] = 1;
        foreach (var step in network.Steps)
        {
            if (step is ConvStep conv)
            {
                int kernel = (int)conv.Kernel, filters = (int)conv.Filters, produced = positions - kernel + 1;
                var y = new double[produced * filters];
                for (int t = 0; t < produced; t++)
                    for (int f = 0; f < filters; f++)
                    {
                        double sum = conv.Bias[f];
                        for (int c = 0; c < channels; c++)
                            for (int j = 0; j < kernel; j++)
                                sum += conv.Weight[(f * channels + c) * kernel + j] * x[(t + j) * channels + c];
                        y[t * filters + f] = Math.Max(sum, 0);
                    }
                (x, positions, channels) = (y, produced, filters);
            }
            else
            {
                int size = (int)((PoolStep)step).Size, produced = positions / size;
                var y = new double[produced * channels];
                for (int t = 0; t < produced; t++)
                    for (int c = 0; c < channels; c++)
                        y[t * channels + c] = Enumerable.Range(0, size).Max(i => x[(t * size + i) * channels + c]);
                (x, positions) = (y, produced);
            }
        }
        // The head: maxima, then (DeepBind-style) averages, then the hidden layer if any, then the output.
        var pooled = Enumerable.Range(0, channels).Select(c => Enumerable.Range(0, positions).Max(t => x[t * channels + c])).ToList();
        if (network.Average)
            pooled.AddRange(Enumerable.Range(0, channels).Select(c => Enumerable.Range(0, positions).Average(t => x[t * channels + c])));
        if (network.Hidden is { } hidden)
            pooled = Enumerable.Range(0, (int)hidden.Units)
                .Select(u => Math.Max(0, hidden.Bias[u] + pooled.Select((v, i) => v * hidden.Weight[u * hidden.Inputs + i]).Sum())).ToList();
        double logit = network.DenseBias + pooled.Select((v, i) => v * network.DenseWeight[i]).Sum();
        return 1 / (1 + Math.Exp(-logit));
    }

    static byte[] ReverseComplement(ReadOnlySpan<byte> codes)
    {
        var rc = new byte[codes.Length];
        for (int i = 0; i < codes.Length; i++)
            rc[codes.Length - 1 - i] = Alphabet.Complement(codes[i]);
        return rc;
    }

    [Theory]
    [InlineData("v1", 100)]
    [InlineData("v2", 100)]
    [InlineData("v3", 100)]
    [InlineData("v4", 100)]
    [InlineData("v5", 100)]
    [InlineData("v6", 100)]
    [InlineData("v7", 100)]
    // DeepBind's 101-bp windows: odd lengths leave pooling remainders the dense form must drop as a window would.
    [InlineData("v2", 101)]
    [InlineData("v5", 101)]
    [InlineData("v6", 101)]
    [InlineData("v7", 101)]
    // DeepBind-style: global max and average, a hidden layer.
    [InlineData("deepbind", 100)]
    [InlineData("deepbind", 101)]
    // Not in the catalogue: direct convolutions whose channels make 16-wide and 8-wide groups side by side,
    // kernels of 2, 4 and 5 (not Winograd's 3k), an odd pool.
    [InlineData("mixed-groups", 100)]
    [InlineData("mixed-groups", 101)]
    public void EveryEngineGivesTheScalarReferencesScores(string arch, int windowLength)
    {
        var shape = arch == "mixed-groups"
            ? new Architecture(arch, "Conv1D(40, 5) → MaxPool(2) → Conv1D(24, 4) → MaxPool(3) → Conv1D(40, 2)",
                [new Conv(40, 5), new MaxPool(2), new Conv(24, 4), new MaxPool(3), new Conv(40, 2)])
            : ArchitectureCatalog.Find(arch)!;
        var bytes = RandomModels.Create(shape, 17, windowLength);
        var network = WindowNetwork.TryRead(bytes)!;
        var rng = new Random(23);
        // Sequences with N, soft-masked bases, and one shorter than a window; the reference computed once each.
        var cases = Lengths.Select(length =>
        {
            var letters = Enumerable.Range(0, length).Select(_ => (byte)"ACGTACGTacgtN"[rng.Next(13)]).ToArray();
            var codes = letters.Select(Alphabet.Code).ToArray();
            var expected = new (double Plus, double Minus)[Math.Max(1, length - windowLength + 1)];
            for (int s = 0; s < expected.Length; s++)
            {
                // A record shorter than a window is one window padded with unknown bases; its minus strand reads that reversed.
                var window = new byte[windowLength];
                Array.Fill(window, Alphabet.Unknown);
                codes.AsSpan(s, Math.Min(windowLength, length)).CopyTo(window);
                expected[s] = (Reference(network, window, windowLength), Reference(network, ReverseComplement(window), windowLength));
            }
            return (Letters: letters, Expected: expected);
        }).ToList();
        foreach (var engine in new[] { ScanEngine.Dense, ScanEngine.DenseOnnx, ScanEngine.Window })
        {
            using var model = WindowModel.Open(bytes, arch, new ModelOptions { Engine = engine, SegmentBases = 333, BatchSize = 29 });
            Assert.Equal(engine switch { ScanEngine.Window => ScorerKind.Window, ScanEngine.DenseOnnx => ScorerKind.DenseOnnx, _ => ScorerFactory.KernelsSupported ? ScorerKind.Kernels : ScorerKind.DenseOnnx },
                model.Engine);
            using var scorer = model.CreateScorer();
            foreach (var (letters, expected) in cases)
            {
                var plus = new float[scorer.WindowCount(letters.Length)];
                var minus = new float[plus.Length];
                scorer.Score(letters, plus, minus);
                Assert.Equal(expected.Length, plus.Length);
                for (int s = 0; s < plus.Length; s++)
                {
                    Assert.True(Math.Abs(plus[s] - expected[s].Plus) <= 2e-5, $"{arch} {engine} ({model.Engine}) length {letters.Length} window {s} +: {plus[s]} vs {expected[s].Plus}");
                    Assert.True(Math.Abs(minus[s] - expected[s].Minus) <= 2e-5, $"{arch} {engine} ({model.Engine}) length {letters.Length} window {s} −: {minus[s]} vs {expected[s].Minus}");
                }
            }
        }
    }
    /// <summary>
    /// The positions a window's score depends on, as the layers' shapes say, against the scalar reference:
    /// no base past them changes the score, and the last of them does. The built-in model v7 (and v6, of the
    /// same shape) on 100 bp: Conv(12) → 89, pool 2 → 44 (the 89th dropped), Conv(6) → 39, pool → 19
    /// (one dropped), Conv(3) → 17, pool → 8 (one dropped), Conv(2) → 7, pool → 3 (one dropped), Conv(2) → 2;
    /// back from those 2: 3 → 6 → 7 → 14 → 16 → 32 → 37 → 74 → 85 inputs read.
    /// </summary>
    [Theory]
    [InlineData("v1", 100, 100)]
    [InlineData("v3", 100, 99)]
    [InlineData("v6", 100, 85)]
    [InlineData("v7", 100, 85)]
    [InlineData("v7", 101, 101)]
    [InlineData("deepbind", 101, 101)]
    [InlineData("mixed-groups", 100, 100)]
    public void ReadLengthIsWhatTheHeadCanReach(string arch, int windowLength, int expected)
    {
        var shape = arch == "mixed-groups"
            ? new Architecture(arch, "Conv1D(40, 5) → MaxPool(2) → Conv1D(24, 4) → MaxPool(3) → Conv1D(40, 2)",
                [new Conv(40, 5), new MaxPool(2), new Conv(24, 4), new MaxPool(3), new Conv(40, 2)])
            : ArchitectureCatalog.Find(arch)!;
        var network = WindowNetwork.TryRead(RandomModels.Create(shape, 5, windowLength))!;
        int read = network.ReadLength(windowLength);
        Assert.Equal(expected, read);
        var rng = new Random(29);
        bool lastMatters = false;
        for (int trial = 0; trial < 20; trial++)
        {
            var window = Enumerable.Range(0, windowLength).Select(_ => (byte)rng.Next(4)).ToArray();
            double score = Reference(network, window, windowLength);
            for (int p = read - 1; p < windowLength; p++)
            {
                var changed = (byte[])window.Clone();
                changed[p] = (byte)((changed[p] + 1 + rng.Next(3)) % 4);
                double other = Reference(network, changed, windowLength);
                if (p >= read)
                    Assert.True(other == score, $"{arch}: position {p} changed the score");
                else
                    lastMatters |= other != score;
            }
        }
        Assert.True(lastMatters, $"{arch}: position {read - 1} never changed the score");
    }
}
