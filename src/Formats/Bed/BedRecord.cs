using System.Buffers.Text;
using System.Text;

namespace GenomeScan.Formats.Bed;

/// <summary>
/// A BED6+1 record: chrom, 0-based start, exclusive end, name, integer score 0–1000, strand, and a 7th
/// column with the model's probability.
/// </summary>
public readonly record struct BedRecord(string Chrom, long Start, long End, string Name, float Probability, char Strand)
{
    /// <summary>BED's integer score: the probability × 1000, rounded, within 0–1000.</summary>
    public int Score => Math.Clamp((int)Math.Round(Probability * 1000.0, MidpointRounding.AwayFromZero), 0, 1000);
}

/// <summary>Writes BED lines as UTF-8 into a stream through a reused byte buffer (no string per record).</summary>
public sealed class BedWriter(Stream output) : IDisposable
{
    readonly byte[] buffer = new byte[1 << 16];
    int used;

    public long Records { get; private set; }

    public void Write(in BedRecord record)
    {
        // A generous bound for one line; names are short.
        int need = Encoding.UTF8.GetMaxByteCount(record.Chrom.Length + record.Name.Length) + 96;
        if (buffer.Length - used < need)
            Flush();
        var span = buffer.AsSpan(used);
        int n = Encoding.UTF8.GetBytes(record.Chrom, span);
        span[n++] = (byte)'\t';
        Utf8Formatter.TryFormat(record.Start, span[n..], out int w);
        n += w;
        span[n++] = (byte)'\t';
        Utf8Formatter.TryFormat(record.End, span[n..], out w);
        n += w;
        span[n++] = (byte)'\t';
        n += Encoding.UTF8.GetBytes(record.Name, span[n..]);
        span[n++] = (byte)'\t';
        Utf8Formatter.TryFormat(record.Score, span[n..], out w);
        n += w;
        span[n++] = (byte)'\t';
        span[n++] = (byte)record.Strand;
        span[n++] = (byte)'\t';
        Utf8Formatter.TryFormat(record.Probability, span[n..], out w, new System.Buffers.StandardFormat('F', 6));
        n += w;
        span[n++] = (byte)'\n';
        used += n;
        Records++;
    }

    public void Flush()
    {
        output.Write(buffer, 0, used);
        used = 0;
    }

    public void Dispose() => Flush();
}
