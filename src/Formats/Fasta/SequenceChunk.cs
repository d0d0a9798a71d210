namespace GenomeScan.Formats.Fasta;

/// <summary>A FASTA record as the reader met it: its order in the input, name (up to the first space) and header line.</summary>
public sealed record FastaRecord(int Index, string Name, long HeaderLine);

/// <summary>What a scan reports a record as: the chromosome name and the offset added to its coordinates.</summary>
public readonly record struct ReportedName(string Chrom, long Offset)
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
    public byte[] Codes { get; } = new byte[capacity];
    public int Length { get; internal set; }
    public long Start { get; internal set; }
    public bool EndOfRecord { get; internal set; }
    public FastaRecord Record { get; internal set; } = new(0, "", 0);

    /// <summary>When reading a region: the record's whole length (so its last window can be placed as a whole-record scan would); else null.</summary>
    public long? RecordLength { get; internal set; }

    /// <summary>When reading a region: the window starts it asks for, [from, to); else all.</summary>
    public (long From, long To)? WindowStarts { get; internal set; }

    public ReadOnlySpan<byte> Span => Codes.AsSpan(0, Length);

    /// <summary>Bases of the record read so far, this chunk included.</summary>
    public long End => Start + Length;
}
