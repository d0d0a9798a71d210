namespace GenomeScan.Formats.Fasta;

/// <summary>A FASTA record as the reader met it: its order in the input, name (up to the first space) and header line.</summary>
public sealed record FastaRecord(int Index, string Name, long HeaderLine)
{
    /// <summary>The header after the name (trimmed; empty when none): where one FASTA of labelled sequences keeps its labels.</summary>
    internal string Description { get; init; } = "";
}

/// <summary>What a scan reports a record as: the chromosome name and the offset added to its coordinates.</summary>
internal readonly record struct ReportedName(string Chrom, long Offset)
{
    /// <summary>
    /// A record named as samtools faidx names a region (<c>chr:101-200</c>) is reported in its parent's
    /// coordinates when <paramref name="parseCoordinates"/> is set, as FIMO's --parse-genomic-coord does.
    /// </summary>
    public static ReportedName Of(FastaRecord record, bool parseCoordinates) =>
        parseCoordinates && GenomicRegion.ParentOf(record.Name) is { } parent
            ? new ReportedName(parent.Chrom, parent.Offset)
            : new ReportedName(record.Name, 0);
}

/// <summary>
/// A run of one record's bases as codes (A=0, C=1, G=2, T=3, unknown=4), starting at 0-based offset
/// <see cref="Start"/> in the record. The reader reuses the chunk and its buffer: it is valid until the
/// next one is read. <see cref="EndOfRecord"/> marks the record's last chunk (which may be empty).
/// </summary>
public sealed class SequenceChunk(int capacity)
{
    /// <summary>An empty chunk of <paramref name="record"/>, for sources that fill chunks themselves.</summary>
    public SequenceChunk(int capacity, FastaRecord record) : this(capacity) => Record = record;

    /// <summary>The buffer: codes 0..3 for A C G T, 4 for unknown; the first <see cref="Length"/> hold this chunk.</summary>
    public byte[] Codes { get; } = new byte[capacity];
    /// <summary>How many bases this chunk holds.</summary>
    public int Length { get; internal set; }
    /// <summary>The 0-based offset of the chunk's first base in its record.</summary>
    public long Start { get; internal set; }
    /// <summary>Whether this is the record's last chunk (which may be empty).</summary>
    public bool EndOfRecord { get; internal set; }
    /// <summary>The record the bases belong to.</summary>
    public FastaRecord Record { get; internal set; } = new(0, "", 0);

    /// <summary>This chunk's codes.</summary>
    public ReadOnlySpan<byte> Span => Codes.AsSpan(0, Length);

    /// <summary>Says what <see cref="Codes"/> now hold: <paramref name="length"/> bases from record offset <paramref name="start"/>.</summary>
    public void Refill(long start, int length, bool endOfRecord)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Codes.Length);
        (Start, Length, EndOfRecord) = (start, length, endOfRecord);
    }

    /// <summary>Bases of the record read so far, this chunk included.</summary>
    public long End => Start + Length;
}
