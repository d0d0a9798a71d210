using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner.Output;

public enum OutputFormat { Bed, NarrowPeak, BedGraph }

/// <summary>Where the writer stage sends every scored window, in input order.</summary>
public interface IScanSink
{
    void BeginRecord(FastaRecord record);

    /// <summary>A window's probabilities; only the strands being scanned are meaningful.</summary>
    void Add(long start, long end, float plus, float minus);

    /// <summary>Consecutive windows of one record, in order.</summary>
    void AddRange(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<float> plus, ReadOnlySpan<float> minus)
    {
        for (int i = 0; i < starts.Length; i++)
            Add(starts[i], ends[i], plus[i], minus[i]);
    }

    void EndRecord();

    /// <summary>Called once after the last record: writes whatever was held back.</summary>
    void Finish();

    long Hits { get; }
}

/// <summary>
/// Benjamini–Hochberg q-values from a null distribution, counted in one pass: every strand-window tested
/// adds to m, and those with p ≤ <see cref="ExactBelow"/> are counted by their p-value level (the number of
/// null scores at least as high). q(p) = min over p' ≥ p of p'·m / #tested with p-value ≤ p'; exact for
/// q-values under <see cref="ExactBelow"/>, and a lower bound of that level caps the rest (reported as
/// at most 1).
/// </summary>
public sealed class FalseDiscovery(IScoreNull background, double exactBelow = 0.01)
{
    readonly float floor = background.ThresholdFor(exactBelow);
    readonly long[] byLevel = new long[background.LevelsUpTo(exactBelow)];
    double[]? qByLevel;

    public double ExactBelow => exactBelow;

    public long Tested { get; private set; }

    public void Add(float score)
    {
        Tested++;
        Count(score);
    }

    public void AddRange(ReadOnlySpan<float> scores)
    {
        Tested += scores.Length;
        foreach (var score in scores)
            Count(score);
    }

    void Count(float score)
    {
        if (score > floor)
        {
            int level = background.LevelOf(score);
            if (level < byLevel.Length)
                byLevel[level]++;
        }
    }

    double[] Table()
    {
        if (qByLevel is not null)
            return qByLevel;
        var q = new double[byLevel.Length];
        long cumulative = 0;
        var rank = new long[byLevel.Length];
        for (int k = 0; k < byLevel.Length; k++)
            rank[k] = cumulative += byLevel[k];
        double running = 1.0;
        for (int k = byLevel.Length - 1; k >= 0; k--)
        {
            if (rank[k] > 0)
                running = Math.Min(running, background.PValueOfLevel(k) * Tested / rank[k]);
            q[k] = running;
        }
        return qByLevel = q;
    }

    public double QValue(float score)
    {
        int level = background.LevelOf(score);
        return level < byLevel.Length ? Table()[level] : 1.0;
    }

    /// <summary>The score cut-off for q ≤ α (α ≤ <see cref="ExactBelow"/>): windows scoring above it pass.</summary>
    public float ThresholdForQ(double alpha)
    {
        var q = Table();
        // q is non-decreasing in the level; the highest passing level sets the cut-off.
        int best = -1;
        for (int k = 0; k < q.Length; k++)
            if (q[k] <= alpha && byLevel[k] > 0)
                best = k;
        return best < 0 ? float.PositiveInfinity : background.CutForLevel(best);
    }
}

/// <summary>
/// Regions (BED6 + probability, or narrowPeak): windows above the threshold, merged per strand unless told
/// not to. With a null distribution each region gets the p-value of its best window and a Benjamini–Hochberg
/// q-value over all windows tested (both strands counted); regions are held until the end for that.
/// </summary>
public sealed class RegionSink : IScanSink
{
    readonly OutputFormat format;
    readonly string name;
    readonly Strands strands;
    readonly BedWriter writer;
    readonly IScoreNull? background;
    readonly Func<float, int> bedScore;
    readonly FalseDiscovery? discovery;
    readonly HitCaller caller;
    readonly List<Hit> hits = [];
    readonly bool parseCoordinates;

    public RegionSink(OutputFormat format, string name, float threshold, bool merge, Strands strands, BedWriter writer, IScoreNull? background,
        bool parseCoordinates = true, double exactQBelow = 0.01, Func<float, int>? bedScore = null)
    {
        this.bedScore = bedScore ?? BedRecord.ScoreOf;
        this.parseCoordinates = parseCoordinates;
        this.format = format;
        this.name = name;
        this.strands = strands;
        this.writer = writer;
        this.background = background;
        discovery = background is null ? null : new FalseDiscovery(background, exactQBelow);
        caller = new HitCaller(threshold, merge, hits.Add);
    }

    public long Hits => caller.Hits;

    public FalseDiscovery? Discovery => discovery;

    public void BeginRecord(FastaRecord record)
    {
        var reported = ReportedName.Of(record, parseCoordinates);
        caller.BeginRecord(reported.Chrom, reported.Offset);
    }

    public void Add(long start, long end, float plus, float minus) => AddRange([start], [end], [plus], [minus]);

    public void AddRange(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<float> plus, ReadOnlySpan<float> minus)
    {
        bool usePlus = strands.HasFlag(Strands.Plus), useMinus = strands.HasFlag(Strands.Minus);
        if (usePlus)
            discovery?.AddRange(plus);
        if (useMinus)
            discovery?.AddRange(minus);
        caller.AddRange(starts, ends, plus, minus, usePlus, useMinus);
    }

    public void EndRecord() => caller.EndRecord();

    public void Finish()
    {
        foreach (var hit in hits)
        {
            var record = new BedRecord(hit.Chrom, hit.Start, hit.End, name, hit.Best, hit.Strand, bedScore(hit.Best));
            if (format == OutputFormat.Bed)
                writer.Write(record);
            else
                writer.WriteNarrowPeak(record, background?.PValue(hit.Best) ?? double.NaN, discovery?.QValue(hit.Best) ?? double.NaN, hit.Summit - hit.Start);
        }
    }
}

/// <summary>
/// Hands every score of the strands scanned to <paramref name="take"/>: the material of a null
/// distribution, or the first (counting) pass of a q-value cut-off.
/// </summary>
public sealed class EveryScoreSink(Strands strands, Action<float> take) : IScanSink
{
    public long Hits => 0;

    public void BeginRecord(FastaRecord record) { }

    public void Add(long start, long end, float plus, float minus)
    {
        if (strands.HasFlag(Strands.Plus))
            take(plus);
        if (strands.HasFlag(Strands.Minus))
            take(minus);
    }

    public void EndRecord() { }

    public void Finish() { }
}

/// <summary>
/// bedGraph for genome browsers: each window's probability (one strand, or the larger of both) on the
/// stride-long interval around the window's centre, so intervals tile without overlapping.
/// </summary>
public sealed class BedGraphSink(Strands strands, int windowLength, int stride, BedWriter writer, bool parseCoordinates = true) : IScanSink
{
    string chrom = "";
    long previousEnd, offset;

    public long Hits { get; private set; }

    public void BeginRecord(FastaRecord record)
    {
        (chrom, offset) = ReportedName.Of(record, parseCoordinates);
        previousEnd = 0;
    }

    public void Add(long start, long end, float plus, float minus)
    {
        float value = strands switch { Strands.Plus => plus, Strands.Minus => minus, _ => Math.Max(plus, minus) };
        long centre = end - start < windowLength ? (start + end) / 2 : start + windowLength / 2;
        long from = Math.Max(previousEnd, centre - stride / 2);
        long to = Math.Min(end, centre - stride / 2 + stride);
        if (to <= from)
            return;
        writer.WriteBedGraph(chrom, from + offset, to + offset, value);
        previousEnd = to;
        Hits++;
    }

    public void EndRecord() { }

    public void Finish() { }
}
