using GenomeScan.Formats.Bed;

namespace GenomeScan.Scanner.Tests.Calling;

public class HitCallerTests
{
    static List<BedRecord> Reference(List<(long Start, long End, float Plus, float Minus)> windows, float threshold, bool merge)
    {
        var result = new List<(BedRecord Record, int Strand)>();
        for (int strand = 0; strand < 2; strand++)
        {
            BedRecord? open = null;
            foreach (var w in windows)
            {
                float p = strand == 0 ? w.Plus : w.Minus;
                if (p <= threshold)
                    continue;
                char s = strand == 0 ? '+' : '-';
                if (merge && open is { } o && w.Start <= o.End)
                    open = o with { End = Math.Max(o.End, w.End), Value = Math.Max(o.Value, p), Score = BedRecord.ScoreOf((float)Math.Max(o.Value, p)) };
                else
                {
                    if (open is { } done)
                        result.Add((done, strand));
                    open = new BedRecord("chr", w.Start, w.End, "m", p, s, BedRecord.ScoreOf(p));
                }
            }
            if (open is { } last)
                result.Add((last, strand));
        }
        return result.OrderBy(r => r.Record.Start).ThenBy(r => r.Strand).Select(r => r.Record).ToList();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MergesAndOrdersLikeABruteForceReference(bool merge)
    {
        var rng = new Random(merge ? 1 : 2);
        for (int round = 0; round < 200; round++)
        {
            var windows = new List<(long, long, float, float)>();
            long start = 0;
            int count = rng.Next(0, 60);
            int stride = rng.Next(1, 30);
            for (int i = 0; i < count; i++, start += stride)
                windows.Add((start, start + 20, (float)rng.NextDouble(), (float)rng.NextDouble()));
            var emitted = new List<BedRecord>();
            var caller = new HitCaller(0.6f, merge, h => emitted.Add(new BedRecord(h.Chrom, h.Start, h.End, "m", h.Best, h.Strand, BedRecord.ScoreOf(h.Best))));
            caller.BeginRecord("chr");
            foreach (var (s, e, p, m) in windows)
            {
                caller.Add(0, s, e, p);
                caller.Add(1, s, e, m);
            }
            caller.EndRecord();
            Assert.Equal(Reference(windows, 0.6f, merge), emitted);
            Assert.Equal(emitted.Count, caller.Hits);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddingARangeIsAddingEachWindow(bool merge)
    {
        // Scores from a few values, so that runs of equal best windows (summits) and gaps below the threshold both occur.
        var rng = new Random(merge ? 3 : 4);
        float[] values = [0.2f, 0.7f, 0.8f, 0.9f];
        for (int round = 0; round < 200; round++)
        {
            int count = rng.Next(0, 80), stride = rng.Next(1, 30);
            var starts = Enumerable.Range(0, count).Select(i => (long)i * stride).ToArray();
            var ends = starts.Select(x => x + 50).ToArray();
            var plus = starts.Select(_ => values[rng.Next(4)]).ToArray();
            var minus = starts.Select(_ => values[rng.Next(4)]).ToArray();
            foreach (var (usePlus, useMinus) in new[] { (true, true), (true, false), (false, true) })
            {
                var one = new List<Hit>();
                var each = new HitCaller(0.6f, merge, one.Add);
                each.BeginRecord("c");
                for (int i = 0; i < count; i++)
                {
                    if (usePlus)
                        each.Add(0, starts[i], ends[i], plus[i]);
                    if (useMinus)
                        each.Add(1, starts[i], ends[i], minus[i]);
                }
                each.EndRecord();
                var bulk = new List<Hit>();
                var ranged = new HitCaller(0.6f, merge, bulk.Add);
                ranged.BeginRecord("c");
                int cut = rng.Next(0, count + 1);
                ranged.AddRange(starts.AsSpan(..cut), ends.AsSpan(..cut), plus.AsSpan(..cut), minus.AsSpan(..cut), usePlus, useMinus);
                ranged.AddRange(starts.AsSpan(cut..), ends.AsSpan(cut..), plus.AsSpan(cut..), minus.AsSpan(cut..), usePlus, useMinus);
                ranged.EndRecord();
                Assert.Equal(one, bulk);
            }
        }
    }

    [Fact]
    public void SummitIsTheMiddleOfTheFirstRunOfBestWindows()
    {
        var hits = new List<Hit>();
        var caller = new HitCaller(0.5f, true, hits.Add);
        caller.BeginRecord("c");
        float[] scores = [0.6f, 0.9f, 0.9f, 0.9f, 0.7f, 0.9f, 0.4f, 0.8f];
        for (int i = 0; i < scores.Length; i++)
            caller.Add(0, i * 10, i * 10 + 100, scores[i]);
        caller.EndRecord();
        // One region (the 0.4 window at 60 lies inside the neighbours' overlap). Windows at 10–30 reach 0.9 first: the run
        // spans 10..130, its middle 70; the later 0.9 at 50 does not move it.
        Assert.Equal([new Hit("c", 0, 170, '+', 0.9f, 70)], hits);
    }

    [Fact]
    public void ScoreIsTheProbabilityTimesAThousandWithinRange()
    {
        Assert.Equal(1000, BedRecord.ScoreOf(1f));
        Assert.Equal(0, BedRecord.ScoreOf(0f));
        Assert.Equal(998, BedRecord.ScoreOf(0.9975f));
    }

    /// <summary>The value column's log-odds: symmetric about 1/2, and it separates probabilities that print alike.</summary>
    [Fact]
    public void TheValueOfAProbabilityIsItsLogit()
    {
        Assert.Equal(0, BedRecord.Logit(0.5f), 12);
        Assert.Equal(-BedRecord.Logit(0.9f), BedRecord.Logit(0.1f), 5);
        Assert.Equal(Math.Log(0.9 / 0.1), BedRecord.Logit(0.9f), 5);
        // 0.9994 and 0.99995 are 0.999 and 1.000 at three decimals; their logits are 7.4 and 9.9.
        Assert.True(BedRecord.Logit(0.99995f) - BedRecord.Logit(0.9994f) > 2);
        // A saturated model: finite, and the same as the last float below 1.
        Assert.Equal(BedRecord.Logit(1f - 1f / (1 << 24)), BedRecord.Logit(1f));
        Assert.Equal(-BedRecord.Logit(1f), BedRecord.Logit(0f), 9);
        Assert.InRange(BedRecord.Logit(1f), 16.6, 16.7);
    }
}
