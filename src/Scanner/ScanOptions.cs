namespace GenomeScan.Scanner;

/// <summary>Which strands a scan scores: the minus strand reads each window's reverse complement.</summary>
[Flags]
public enum Strands
{
    /// <summary>The sequence as given.</summary>
    Plus = 1,

    /// <summary>The reverse complement.</summary>
    Minus = 2,

    /// <summary>Both strands.</summary>
    Both = Plus | Minus,
}

/// <summary>What <c>genomescan scan</c> asks for; defaults are the documented ones.</summary>
public sealed record ScanOptions
{
    /// <summary>Every window start.</summary>
    public const int DefaultStride = 1;
    /// <summary>The default of <see cref="MaxUnknown"/>.</summary>
    public const int DefaultMaxUnknown = 10;

    /// <summary>Distance between window starts, 1 to the window length; a record's last window is aligned to its end.</summary>
    public int Stride { get; init; } = DefaultStride;

    /// <summary>A window with more unknown bases (N, IUPAC) than this, within its record, is not scored.</summary>
    public int MaxUnknown { get; init; } = DefaultMaxUnknown;

    /// <summary>The strands scored.</summary>
    public Strands Strands { get; init; } = Strands.Both;
    /// <summary>The engine asked for; <see cref="ScorerFactory"/> decides what serves it.</summary>
    public ScanEngine Engine { get; init; } = ScanEngine.Auto;

    /// <summary>Per-window scorers: windows per inference batch.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>
    /// Dense engines: the most bases one inference pass covers. Measured on 2 cores (v2, 5 Mbp of chr2R):
    /// 2^18 bases 0.74 Mbp/s and 1.3 GB, 2^14 1.56 Mbp/s and 180 MB, 2^12 2.4 Mbp/s and 110 MB, 2^11 no
    /// better: ONNX Runtime's intermediate tensors must stay in cache.
    /// </summary>
    public int SegmentBases { get; init; } = 1 << 12;

    /// <summary>
    /// Bases of context a segment carries on each side of its windows' bases where the record has them (see
    /// <see cref="Segment"/>): enough for a scorer whose arithmetic mixes neighbouring positions (Winograd
    /// tiles) to give every window the same score whatever the segment boundaries.
    /// </summary>
    public const int ContextBases = 32;

    /// <summary>
    /// Windows a batch holds for these scorers. PWM batches hold <see cref="PwmBatchFactor"/> times the
    /// segment: their windows cost so little that the per-batch work counts (chr2R read and sliced on one
    /// core: 4,096-window batches ~200 Mbp/s, 16,384 ~280 Mbp/s).
    /// </summary>
    internal int WindowCapacity(ScorerFactory scorers) => scorers.PerWindow ? BatchSize : SegmentBases * (scorers.Kind == ScorerKind.Pwm ? PwmBatchFactor : 1);

    internal const int PwmBatchFactor = 4;

    /// <summary>Bases a batch holds for these scorers: every window with its context, or one segment with its context.</summary>
    internal int CodeCapacity(ScorerFactory scorers) =>
        scorers.PerWindow ? BatchSize * (scorers.WindowLength + 2 * ContextBases) : WindowCapacity(scorers) + 2 * ContextBases;
    /// <summary>Scoring threads; the output is the same whatever their number.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Region output: merge overlapping or touching windows of a strand that pass the cut-off.</summary>
    public bool Merge { get; init; } = true;
    /// <summary>Report progress on the log once a second.</summary>
    public bool Progress { get; init; }

    /// <summary>Scan only these regions, read through the FASTA index (window starts in each region).</summary>
    public IReadOnlyList<Formats.Fasta.GenomicRegion>? Regions { get; init; }

    /// <summary>Report records named like samtools regions (chr:101-200) in the parent chromosome's coordinates.</summary>
    public bool ParseCoordinates { get; init; } = true;
    /// <summary>Bases read per chunk.</summary>
    public int ChunkSize { get; init; } = Formats.Fasta.FastaReader.DefaultChunkSize;
}
