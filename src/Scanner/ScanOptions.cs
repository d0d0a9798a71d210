namespace GenomeScan.Scanner;

[Flags]
public enum Strands { Plus = 1, Minus = 2, Both = Plus | Minus }

/// <summary>What <c>genomescan scan</c> asks for; defaults are the documented ones.</summary>
public sealed record ScanOptions
{
    public const int DefaultStride = 1;
    public const int DefaultMaxUnknown = 10;

    public int Stride { get; init; } = DefaultStride;

    /// <summary>A window with more unknown bases (N, IUPAC) than this, within its record, is not scored.</summary>
    public int MaxUnknown { get; init; } = DefaultMaxUnknown;

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

    /// <summary>Windows a batch holds for these scorers.</summary>
    internal int WindowCapacity(ScorerFactory scorers) => scorers.PerWindow ? BatchSize : SegmentBases;

    /// <summary>Bases a batch holds for these scorers: every window with its context, or one segment with its context.</summary>
    internal int CodeCapacity(ScorerFactory scorers) =>
        scorers.PerWindow ? BatchSize * (scorers.WindowLength + 2 * ContextBases) : SegmentBases + 2 * ContextBases;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public bool Merge { get; init; } = true;
    public bool Progress { get; init; }

    /// <summary>Scan only these regions, read through the FASTA index (window starts in each region).</summary>
    public IReadOnlyList<Formats.Fasta.GenomicRegion>? Regions { get; init; }

    /// <summary>Report records named like samtools regions (chr:101-200) in the parent chromosome's coordinates.</summary>
    public bool ParseCoordinates { get; init; } = true;
    public int ChunkSize { get; init; } = Formats.Fasta.FastaReader.DefaultChunkSize;
}
