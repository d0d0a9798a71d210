namespace GenomeScan.Scanner.Output;

/// <summary>
/// Hits held until the end of a scan (narrowPeak waits for its q-values) as fixed-size binary records —
/// chromosome number, start, end, summit, best score, strand: 33 bytes a hit — in a
/// <see cref="SpillBuffer"/> (memory up to <see cref="MemoryLimit"/>, then a deleted-on-close temporary file). Chromosome names are kept once each.
/// </summary>
internal sealed class HitSpill : IDisposable
{
    const int MemoryLimit = 16 << 20;
    const int RecordSize = sizeof(int) + 3 * sizeof(long) + sizeof(float) + 1;
    readonly List<string> chroms = [];
    readonly byte[] record = new byte[RecordSize];
    readonly SpillBuffer held = new(MemoryLimit, "the hits");

    public long Count { get; private set; }

    public void Add(Hit hit)
    {
        if (chroms.Count == 0 || !ReferenceEquals(chroms[^1], hit.Chrom) && chroms[^1] != hit.Chrom)
            chroms.Add(hit.Chrom);
        var span = record.AsSpan();
        BitConverter.TryWriteBytes(span, chroms.Count - 1);
        BitConverter.TryWriteBytes(span[4..], hit.Start);
        BitConverter.TryWriteBytes(span[12..], hit.End);
        BitConverter.TryWriteBytes(span[20..], hit.Summit);
        BitConverter.TryWriteBytes(span[28..], hit.Best);
        span[32] = (byte)hit.Strand;
        held.Write(record);
        Count++;
    }

    /// <summary>The hits in the order they were added.</summary>
    public IEnumerable<Hit> ReadBack()
    {
        var stream = held.ReadFromStart();
        var buffer = new byte[RecordSize];
        for (long i = 0; i < Count; i++)
        {
            stream.ReadExactly(buffer);
            var span = (ReadOnlySpan<byte>)buffer;
            yield return new Hit(chroms[BitConverter.ToInt32(span)], BitConverter.ToInt64(span[4..]), BitConverter.ToInt64(span[12..]),
                (char)span[32], BitConverter.ToSingle(span[28..]), BitConverter.ToInt64(span[20..]));
        }
    }

    public void Dispose() => held.Dispose();
}
