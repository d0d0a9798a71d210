using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Fasta;
using GenomeScan.Scanner.Scan.Significance;

namespace GenomeScan.Scanner.Scan.Output;

public enum OutputFormat { Bed, NarrowPeak, BedGraph }

/// <summary>Where the writer stage sends every scored window, in input order.</summary>
public interface IScanSink
{
    void BeginRecord(FastaRecord record);

    /// <summary>A window's probabilities; only the strands being scanned are meaningful.</summary>
    void Add(long start, long end, float plus, float minus);

    void EndRecord();

    /// <summary>Called once after the last record: writes whatever was held back.</summary>
    void Finish();

    long Hits { get; }
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
    readonly NullDistribution? background;
    readonly HitCaller caller;
    readonly List<Hit> hits = [];
    readonly List<float> candidates = [];
    long tested;

    readonly bool parseCoordinates;

    public RegionSink(OutputFormat format, string name, float threshold, bool merge, Strands strands, BedWriter writer, NullDistribution? background,
        bool parseCoordinates = true)
    {
        this.parseCoordinates = parseCoordinates;
        this.format = format;
        this.name = name;
        this.strands = strands;
        this.writer = writer;
        this.background = background;
        caller = new HitCaller(threshold, merge, hits.Add);
    }

    public long Hits => caller.Hits;

    /// <summary>Strand-windows tested: the m of the Benjamini–Hochberg correction.</summary>
    public long Tested => tested;

    public void BeginRecord(FastaRecord record)
    {
        var reported = ReportedName.Of(record, parseCoordinates);
        caller.BeginRecord(reported.Chrom, reported.Offset);
    }

    public void Add(long start, long end, float plus, float minus)
    {
        if (strands.HasFlag(Strands.Plus))
        {
            tested++;
            if (plus > caller.Threshold)
                candidates.Add(plus);
            caller.Add(0, start, end, plus);
        }
        if (strands.HasFlag(Strands.Minus))
        {
            tested++;
            if (minus > caller.Threshold)
                candidates.Add(minus);
            caller.Add(1, start, end, minus);
        }
    }

    public void EndRecord() => caller.EndRecord();

    public void Finish()
    {
        var qValues = background is null ? null : QValues();
        foreach (var hit in hits)
        {
            var record = new BedRecord(hit.Chrom, hit.Start, hit.End, name, hit.Best, hit.Strand);
            if (format == OutputFormat.Bed)
                writer.Write(record);
            else
            {
                double p = background?.PValue(hit.Best) ?? double.NaN;
                double q = qValues is null ? double.NaN : QValueOf(qValues, hit.Best);
                writer.WriteNarrowPeak(record, p, q, hit.Summit - hit.Start);
            }
        }
    }

    /// <summary>
    /// Benjamini–Hochberg over all m windows tested: q(i) = min over ranks j ≥ i of p(j)·m/j. Windows
    /// below the threshold have p-values at least the threshold's, so a q-value below it is exact; above
    /// it, the minimum runs over the windows held (a conservative value).
    /// </summary>
    List<(float Score, double Q)> QValues()
    {
        candidates.Sort((a, b) => b.CompareTo(a));
        var result = new List<(float, double)>(candidates.Count);
        double running = 1.0;
        for (int i = candidates.Count - 1; i >= 0; i--)
        {
            // Equal scores share the rank of the last of them.
            int rank = i + 1;
            double bh = background!.PValue(candidates[i]) * tested / rank;
            running = Math.Min(running, bh);
            if (i == candidates.Count - 1 || candidates[i] != candidates[i + 1])
                result.Add((candidates[i], running));
            else
                result[^1] = (candidates[i], running);
        }
        result.Reverse();
        return result;
    }

    static double QValueOf(List<(float Score, double Q)> table, float score)
    {
        int lo = 0, hi = table.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (table[mid].Score > score)
                lo = mid + 1;
            else
                hi = mid;
        }
        return table.Count > 0 && table[lo].Score == score ? Math.Min(1, table[lo].Q) : 1;
    }
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

/// <summary>Keeps every score (both strands): what a null distribution is made of.</summary>
public sealed class ScoreCollector(Strands strands) : IScanSink
{
    public List<float> Scores { get; } = [];

    public long Hits => 0;

    public void BeginRecord(FastaRecord record) { }

    public void Add(long start, long end, float plus, float minus)
    {
        if (strands.HasFlag(Strands.Plus))
            Scores.Add(plus);
        if (strands.HasFlag(Strands.Minus))
            Scores.Add(minus);
    }

    public void EndRecord() { }

    public void Finish() { }
}
