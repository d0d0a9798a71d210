namespace GenomeScan.Scanner.Scan;

[Flags]
public enum Strands { Plus = 1, Minus = 2, Both = Plus | Minus }

/// <summary>What <c>genomescan scan</c> asks for; defaults are the documented ones.</summary>
public sealed record ScanOptions
{
    public const int DefaultStride = 1;
    public const int DefaultMaxUnknown = 10;
    public const float DefaultThreshold = 0.99f;

    public int Stride { get; init; } = DefaultStride;

    /// <summary>A window with more unknown bases (N, IUPAC) than this, within its record, is not scored.</summary>
    public int MaxUnknown { get; init; } = DefaultMaxUnknown;

    public Strands Strands { get; init; } = Strands.Both;
    public int BatchSize { get; init; } = 1024;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public float Threshold { get; init; } = DefaultThreshold;
    public bool Merge { get; init; } = true;
    public bool Progress { get; init; }
    public int ChunkSize { get; init; } = Formats.Fasta.FastaReader.DefaultChunkSize;
}
