using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner.Output;

internal enum OutputFormat { Bed, NarrowPeak, BedGraph }

/// <summary>
/// A sink that needs only the windows scoring above a level on a strand scanned — the rest only end runs
/// and count as tested — so that a scorer able to report just those (the PWM scorer) need not write, nor
/// the writer read, every score.
/// </summary>
internal interface IReportedWindowSink
{
    /// <summary>The level; null when the sink needs every score.</summary>
    float? ReportAbove { get; }

    /// <summary>
    /// Consecutive windows of one record (batch indices from <paramref name="firstWindow"/>), of which
    /// <paramref name="reported"/> are every one scoring above <see cref="ReportAbove"/> on a strand scanned, in order.
    /// </summary>
    void AddReported(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<ReportedWindow> reported, int firstWindow);
}

/// <summary>
/// Regions (BED6 + log-odds, or narrowPeak): windows above the threshold, merged per strand unless told
/// not to. BED records are written as the caller releases them. A narrowPeak record needs the q-value of
/// its best window, which is known only once every window has been tested: its hits are held in a
/// compact binary spill (memory, then a deleted-on-close temporary file) and written at the end, so memory
/// stays flat in the number of calls either way. With a null distribution each region gets the p-value of
/// its best window and a Benjamini–Hochberg q-value over all windows tested (both strands counted).
/// </summary>
internal sealed class RegionSink : IScanSink, IReportedWindowSink, IDisposable
{
    readonly OutputFormat format;
    readonly string name;
    readonly Strands strands;
    readonly BedWriter writer;
    readonly IScoreNull? background;
    readonly bool probabilities;
    readonly FalseDiscovery? discovery;
    readonly HitCaller caller;
    readonly HitSpill? held;
    readonly bool parseCoordinates;

    public RegionSink(OutputFormat format, string name, float threshold, bool merge, Strands strands, BedWriter writer, IScoreNull? background,
        bool parseCoordinates = true, double exactQBelow = 0.01, bool probabilities = false)
    {
        this.probabilities = probabilities;
        this.parseCoordinates = parseCoordinates;
        this.format = format;
        this.name = name;
        this.strands = strands;
        this.writer = writer;
        this.background = background;
        // Only narrowPeak writes q-values: BED needs no count of every score.
        discovery = background is null || format != OutputFormat.NarrowPeak ? null : new FalseDiscovery(background, exactQBelow);
        if (format == OutputFormat.Bed)
            caller = new HitCaller(threshold, merge, Write);
        else
        {
            held = new HitSpill();
            caller = new HitCaller(threshold, merge, held.Add);
        }
    }

    /// <summary>The sink a scan request asks for (its format, merging, strands, coordinates and q-value setting).</summary>
    /// <remarks><paramref name="probabilities"/>: the scores are a model's probabilities (the value column is their logit), not a matrix's bits.</remarks>
    public static RegionSink For(ScanRequest request, BedWriter writer, string name, float threshold, IScoreNull? background, bool probabilities) =>
        new(request.Format, name, threshold, request.Options.Merge, request.Options.Strands, writer, background,
            request.Options.ParseCoordinates, request.CutOff.ExactQBelow, probabilities);

    public long Hits => caller.Hits;

    public void BeginRecord(FastaRecord record)
    {
        var reported = ReportedName.Of(record, parseCoordinates);
        caller.BeginRecord(reported.Chrom, reported.Offset);
    }

    public void Add(long start, long end, float plus, float minus) => AddRange([start], [end], [plus], [minus]);

    public void AddRange(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<float> plus, ReadOnlySpan<float> minus)
    {
        bool usePlus = strands.HasFlag(Strands.Plus), useMinus = strands.HasFlag(Strands.Minus);
        discovery?.AddRange(plus, minus, usePlus, useMinus);
        caller.AddRange(starts, ends, plus, minus, usePlus, useMinus);
    }

    /// <summary>Hits need windows above the threshold; q-values those above the exact-counting floor too.</summary>
    public float? ReportAbove => Math.Min(caller.Threshold, discovery?.Floor ?? float.PositiveInfinity);

    public void AddReported(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<ReportedWindow> reported, int firstWindow)
    {
        bool usePlus = strands.HasFlag(Strands.Plus), useMinus = strands.HasFlag(Strands.Minus);
        discovery?.AddReported(starts.Length, reported, usePlus, useMinus);
        caller.AddReported(starts, ends, reported, firstWindow, usePlus, useMinus);
    }

    public void EndRecord() => caller.EndRecord();

    public void Finish()
    {
        if (held is null)
            return;
        using (held)
            foreach (var hit in held.ReadBack())
                Write(hit);
    }

    public void Dispose() => held?.Dispose();

    /// <summary>
    /// BED's 0–1000 score from a p-value: 100 × −log10 p, rounded, within 0–1000 (p = 1e-4 → 400, 1e-7 → 700,
    /// 1e-10 or less → 1000), so that a browser's shading and a sort separate hits that all have a
    /// probability near 1.
    /// </summary>
    public static int SignificanceScore(double p) =>
        double.IsNaN(p) ? 0 : p <= 0 ? 1000 : Math.Clamp((int)Math.Round(-100 * Math.Log10(p), MidpointRounding.AwayFromZero), 0, 1000);

    void Write(Hit hit)
    {
        // With a null, the score column is the significance (the same scale for every model and motif), else the
        // probability's; the value column is log-odds: a model's logit, a matrix's bits.
        int score = background is not null ? SignificanceScore(background.PValue(hit.Best)) : BedRecord.ScoreOf(hit.Best);
        var record = new BedRecord(hit.Chrom, hit.Start, hit.End, name, probabilities ? BedRecord.Logit(hit.Best) : hit.Best, hit.Strand, score);
        if (format == OutputFormat.Bed)
            writer.Write(record);
        else
            writer.WriteNarrowPeak(record, background?.PValue(hit.Best) ?? double.NaN, discovery?.QValue(hit.Best) ?? double.NaN, hit.Summit - hit.Start);
    }
}

/// <summary>
/// Hands every score of the strands scanned to <paramref name="take"/>: the material of a null distribution.
/// </summary>
internal sealed class EveryScoreSink(Strands strands, Action<float> take) : IScanSink
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
/// The counting pass of a q-value cut-off: every window of the strands scanned is tested, and those above
/// the exact-counting floor are counted by level — which is all a scorer that reports windows needs to hand over.
/// </summary>
internal sealed class CountingSink(Strands strands, FalseDiscovery discovery) : IScanSink, IReportedWindowSink
{
    readonly bool usePlus = strands.HasFlag(Strands.Plus), useMinus = strands.HasFlag(Strands.Minus);

    public long Hits => 0;

    public float? ReportAbove => discovery.Floor;

    public void BeginRecord(FastaRecord record) { }

    public void Add(long start, long end, float plus, float minus)
    {
        if (usePlus)
            discovery.Add(plus);
        if (useMinus)
            discovery.Add(minus);
    }

    public void AddRange(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<float> plus, ReadOnlySpan<float> minus) =>
        discovery.AddRange(plus, minus, usePlus, useMinus);

    public void AddReported(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<ReportedWindow> reported, int firstWindow) =>
        discovery.AddReported(starts.Length, reported, usePlus, useMinus);

    public void EndRecord() { }

    public void Finish() { }
}

/// <summary>
/// bedGraph for genome browsers: each window's probability (one strand, or the larger of both) on the
/// stride-long interval around the window's centre, so intervals tile without overlapping.
/// </summary>
internal sealed class BedGraphSink(Strands strands, int windowLength, int stride, BedWriter writer, bool parseCoordinates = true) : IScanSink
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
