using System.Globalization;
using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner.Tests.Significance;

public class NullDistributionTests
{
    [Fact]
    public void PValuesCountScoresAtLeastAsHighPlusOne()
    {
        var null_ = new NullDistribution([0.1f, 0.5f, 0.5f, 0.9f]);
        Assert.Equal(1 / 5.0, null_.PValue(0.95f), 12);
        Assert.Equal(2 / 5.0, null_.PValue(0.9f), 12);
        Assert.Equal(4 / 5.0, null_.PValue(0.5f), 12);
        Assert.Equal(5 / 5.0, null_.PValue(0.0f), 12);
    }

    [Fact]
    public void ThresholdSeparatesPValuesBelowAlphaExactly()
    {
        var rng = new Random(4);
        var scores = Enumerable.Range(0, 10_000).Select(_ => (float)Math.Round(rng.NextDouble(), 3)).ToArray();
        var null_ = new NullDistribution(scores);
        foreach (var alpha in new[] { 1e-4, 1e-3, 0.01, 0.05, 0.5 })
        {
            float t = null_.ThresholdFor(alpha);
            foreach (var s in scores.Concat([0f, 1f, 0.9995f]))
                Assert.Equal(null_.PValue(s) < alpha, s > t);
        }
    }

    [Fact]
    public void SavesAndLoadsTheSortedScores()
    {
        var path = Path.GetTempFileName();
        try
        {
            var null_ = new NullDistribution([0.3f, 0.1f, 0.7f]);
            var key = NullCache.KeyHash([1, 2, 3], "iid", 1000, 7);
            NullCache.Save(null_, path, key);
            var back = NullCache.Load(path, key, out var problem)!;
            Assert.Null(problem);
            Assert.Equal(3, back.Count);
            Assert.Equal(null_.PValue(0.3f), back.PValue(0.3f));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A damaged cache file is never used: each damage is named, and a missing file is no problem.</summary>
    [Theory]
    [InlineData("truncated", "truncated or padded")]
    [InlineData("half", "truncated or padded")]
    [InlineData("zeros", "not a genomescan null")]
    [InlineData("random", "not a genomescan null")]
    [InlineData("flipped", "checksum")]
    [InlineData("other key", "another model")]
    [InlineData("old format", "not a genomescan null")]
    [InlineData("directory", "cannot be read")]
    public void ADamagedCacheIsRefusedSayingWhy(string damage, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("gs-cache-");
        try
        {
            var path = Path.Combine(dir.FullName, "null");
            var rng = new Random(3);
            var null_ = new NullDistribution([.. Enumerable.Range(0, 1000).Select(_ => (float)rng.NextDouble())]);
            var key = NullCache.KeyHash([1, 2, 3], "iid", 1000, 7);
            NullCache.Save(null_, path, key);
            var bytes = File.ReadAllBytes(path);
            switch (damage)
            {
                case "truncated": File.WriteAllBytes(path, bytes[..1000]); break;
                case "half": File.WriteAllBytes(path, bytes[..(bytes.Length / 2 / 4 * 4)]); break;
                case "zeros": File.WriteAllBytes(path, new byte[bytes.Length]); break;
                case "random": rng.NextBytes(bytes); File.WriteAllBytes(path, bytes); break;
                case "flipped": bytes[^5] ^= 1; File.WriteAllBytes(path, bytes); break;
                case "other key": key = NullCache.KeyHash([1, 2, 4], "iid", 1000, 7); break;
                case "old format": File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(null_.Descending).ToArray()); break;
                case "directory": File.Delete(path); Directory.CreateDirectory(path); break;
            }
            Assert.Null(NullCache.Load(path, key, out var problem));
            Assert.Contains(expected, problem);
            Assert.Null(NullCache.Load(Path.Combine(dir.FullName, "none"), key, out var none));
            Assert.Null(none);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

public class CalibrationTests
{
    static async Task<List<float>> AllScores(ISequenceSource source, OnnxWindowClassifier model)
    {
        var scores = new List<float>();
        var options = new ScanOptions { Engine = ScanEngine.DenseOnnx, Stride = 1, Threads = 2 };
        using var scorers = ScorerFactory.ForModel(model, options.Engine, options.SegmentBases, options.BatchSize);
        await ScanPipeline.RunAsync(source, scorers, new EveryScoreSink(Strands.Both, scores.Add), options, TextWriter.Null);
        return scores;
    }

    [Fact]
    public async Task OnBackgroundSequenceTheFractionBelowAlphaIsAlpha()
    {
        using var model = OnnxWindowClassifier.LoadBuiltIn(ExecutionDevice.Cpu, 1);
        var composition = new BaseComposition(0.3, 0.2, 0.2, 0.3);
        var background = new NullDistribution([.. await AllScores(GeneratedSource.Iid(composition, 2_000_000, seed: 1), model)]);
        var sample = await AllScores(GeneratedSource.Iid(composition, 4_000_000, seed: 2), model);
        const int blocks = 40;
        int perBlock = sample.Count / blocks;
        foreach (var alpha in new[] { 1e-2, 1e-3, 1e-4 })
        {
            float t = background.ThresholdFor(alpha);
            // Block means give the sampling error with neighbouring windows' correlation included.
            var fractions = Enumerable.Range(0, blocks).Select(b => sample.Skip(b * perBlock).Take(perBlock).Count(s => s > t) / (double)perBlock).ToArray();
            double mean = fractions.Average();
            double sdMean = Math.Sqrt(fractions.Sum(f => (f - mean) * (f - mean)) / (blocks - 1) / blocks);
            // The null is half the sample's size and carries the same kind of error.
            double error = sdMean * Math.Sqrt(1 + 2.0);
            Assert.True(Math.Abs(mean - alpha) <= 4 * error + 1e-12,
                FormattableString.Invariant($"α = {alpha}: {mean:E3} of windows had p < α (± {error:E2})"));
        }
    }

    [Fact]
    public void QValuesAreBenjaminiHochbergOverEveryWindowTested()
    {
        var rng = new Random(9);
        var null_ = new NullDistribution(Enumerable.Range(0, 5000).Select(_ => (float)rng.NextDouble()).ToArray());
        var scores = Enumerable.Range(0, 400).Select(_ => (float)Math.Pow(rng.NextDouble(), 0.2)).ToArray();
        using var output = new MemoryStream();
        var writer = new BedWriter(output);
        // Every window reported, and q-values exact at every level.
        var sink = new RegionSink(OutputFormat.NarrowPeak, "m", -1f, merge: false, Strands.Plus, writer, null_, exactQBelow: 1.0);
        sink.BeginRecord(new FastaRecord(0, "c", 1));
        for (int i = 0; i < scores.Length; i++)
            sink.Add(i * 200, i * 200 + 100, scores[i], 0);
        sink.EndRecord();
        sink.Finish();
        writer.Dispose();
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(scores.Length, lines.Length);

        // Brute-force BH.
        var p = scores.Select(s => null_.PValue(s)).ToArray();
        var order = Enumerable.Range(0, p.Length).OrderBy(i => p[i]).ToArray();
        var q = new double[p.Length];
        double running = 1;
        for (int rank = p.Length; rank >= 1; rank--)
        {
            int i = order[rank - 1];
            // Ties take the largest rank among equals.
            int last = rank;
            while (last < p.Length && p[order[last]] == p[i])
                last++;
            running = Math.Min(running, p[i] * p.Length / last);
            q[i] = running;
        }
        for (int i = 0; i < lines.Length; i++)
        {
            var f = lines[i].Split('\t');
            Assert.Equal(10, f.Length);
            // Five decimals are written.
            Assert.True(Math.Abs(-Math.Log10(p[i]) - double.Parse(f[7], CultureInfo.InvariantCulture)) <= 1e-5, lines[i]);
            Assert.True(Math.Abs(-Math.Log10(q[i]) - double.Parse(f[8], CultureInfo.InvariantCulture)) <= 1e-5, lines[i]);
            Assert.Equal("50", f[9]);
        }
    }
}

public class FalseDiscoveryTests
{
    [Fact]
    public void QValueCutOffKeepsExactlyTheWindowsBenjaminiHochbergRejects()
    {
        var rng = new Random(21);
        var null_ = new NullDistribution(Enumerable.Range(0, 20_000).Select(_ => (float)rng.NextDouble()).ToArray());
        // Mostly background, with a share of strong windows.
        var scores = Enumerable.Range(0, 5_000).Select(i => i % 10 == 0 ? (float)(0.9995 + rng.NextDouble() * 0.0005) : (float)rng.NextDouble()).ToArray();
        var discovery = new FalseDiscovery(null_, exactBelow: 0.2);
        foreach (var s in scores)
            discovery.Add(s);
        var p = scores.Select(s => null_.PValue(s)).ToArray();
        var sorted = p.Order().ToArray();
        foreach (var alpha in new[] { 0.01, 0.05, 0.2 })
        {
            // Brute-force BH: the largest rank k with p(k) ≤ k·α/m; reject all p ≤ p(k).
            int k = 0;
            for (int i = 1; i <= sorted.Length; i++)
                if (sorted[i - 1] <= i * alpha / sorted.Length)
                    k = i;
            double cut = k == 0 ? -1 : sorted[k - 1];
            float t = discovery.ThresholdForQ(alpha);
            for (int i = 0; i < scores.Length; i++)
                Assert.Equal(p[i] <= cut, scores[i] > t);
            Assert.True(k > 0, $"α = {alpha}: nothing rejected, the comparison would be empty");
        }
    }
}

public class BackgroundTests
{
    [Fact]
    public async Task DinucleotideBackgroundKeepsTheInputsPairFrequencies()
    {
        var dir = Directory.CreateTempSubdirectory("gs-markov-");
        try
        {
            // An input depleted in CG (as vertebrate genomes are) and rich in AA.
            var rng = new Random(3);
            var text = new System.Text.StringBuilder(">x\n");
            char previous = 'A';
            for (int i = 0; i < 200_000; i++)
            {
                char next = "ACGT"[rng.Next(4)];
                if (previous == 'C' && next == 'G')
                    next = 'A';
                if (previous == 'A' && rng.Next(3) == 0)
                    next = 'A';
                text.Append(next);
                previous = next;
            }
            var input = Path.Combine(dir.FullName, "in.fa");
            File.WriteAllText(input, text.Append('\n').ToString());
            var composition = await BaseComposition.CountAsync([input]);
            var generated = await BaseComposition.CountAsync(GeneratedSource.Markov(composition, 400_000, seed: 5));
            for (int pair = 0; pair < 16; pair++)
                Assert.True(Math.Abs(composition.Pairs![pair] - generated.Pairs![pair]) < 0.004, $"pair {"ACGT"[pair / 4]}{"ACGT"[pair % 4]}: {composition.Pairs[pair]:F4} in, {generated.Pairs[pair]:F4} out");
            Assert.True(generated.Pairs![1 * 4 + 2] < 0.001, "CG stays depleted");
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void DinucleotideShuffleKeepsEveryPairCountAndBothEnds()
    {
        var rng = new Random(8);
        foreach (var length in new[] { 3, 10, 1000, 50_000 })
        {
            var sequence = Enumerable.Range(0, length).Select(i => (byte)(i % 7 == 0 ? 2 : rng.Next(4))).ToArray();
            var shuffled = DinucleotideShuffle.Shuffle(sequence, seed: (ulong)length);
            Assert.Equal(sequence.Length, shuffled.Length);
            Assert.Equal(sequence[0], shuffled[0]);
            Assert.Equal(sequence[^1], shuffled[^1]);
            static int[] Pairs(byte[] s)
            {
                var counts = new int[16];
                for (int i = 0; i + 1 < s.Length; i++)
                    counts[s[i] * 4 + s[i + 1]]++;
                return counts;
            }
            Assert.Equal(Pairs(sequence), Pairs(shuffled));
            if (length >= 1000)
                Assert.NotEqual(sequence, shuffled);
        }
    }

    [Fact]
    public async Task ShuffleSamplesKnownBasesFromEverywhere()
    {
        var dir = Directory.CreateTempSubdirectory("gs-sample-");
        try
        {
            var path = Path.Combine(dir.FullName, "g.fa");
            File.WriteAllText(path, ">a\n" + new string('A', 30_000) + "NNNN" + new string('C', 30_000) + "\n>b\n" + new string('G', 40_000) + "\n");
            var sample = await DinucleotideShuffle.SampleAsync([path], 20_000, seed: 3);
            Assert.Equal(20_000, sample.Length);
            Assert.All(sample, c => Assert.InRange(c, 0, 3));
            // Pieces come from all three stretches, not only the first.
            Assert.Equal(new byte[] { 0, 1, 2 }, sample.Distinct().Order().ToArray());
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
