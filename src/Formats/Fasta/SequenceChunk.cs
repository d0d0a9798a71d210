namespace GenomeScan.Formats.Fasta;

/// <summary>A FASTA record as the reader met it: its order in the input, name (up to the first space) and header line.</summary>
public sealed record FastaRecord(int Index, string Name, long HeaderLine);

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

    public ReadOnlySpan<byte> Span => Codes.AsSpan(0, Length);

    /// <summary>Bases of the record read so far, this chunk included.</summary>
    public long End => Start + Length;
}
