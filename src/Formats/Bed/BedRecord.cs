using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace GenomeScan.Formats.Bed;

/// <summary>
/// A BED6+1 record: chrom, 0-based start, exclusive end, name, integer score 0–1000, strand, and a 7th
/// column, the value: a model's log-odds (the logit of its probability) or a matrix's log-odds in bits.
/// </summary>
internal readonly record struct BedRecord(string Chrom, long Start, long End, string Name, double Value, char Strand, int Score)
{
    /// <summary>BED's integer score from a probability: × 1000, rounded, within 0–1000 (when no null gives a p-value).</summary>
    public static int ScoreOf(float probability) =>
        Math.Clamp((int)Math.Round(probability * 1000.0, MidpointRounding.AwayFromZero), 0, 1000);

    /// <summary>
    /// A probability's log-odds, ln(p / (1 − p)): hits whose probabilities all print as 0.9994–1.0000 spread over
    /// about 7–17. A float's resolution bounds it: probabilities are held within [2⁻²⁴, 1 − 2⁻²⁴] (1 − 2⁻²⁴ is
    /// the last float below 1), so a model's saturated 1.0 is ±16.64, never infinite.
    /// </summary>
    public static double Logit(float probability)
    {
        double p = Math.Clamp(probability, LogitBound, 1.0 - LogitBound);
        return Math.Log(p) - Math.Log(1.0 - p);
    }

    const double LogitBound = 1.0 / (1 << 24);
}

/// <summary>
/// Writes BED-family lines (BED6+1, narrowPeak, bedGraph) as UTF-8 into a stream through a reused byte
/// buffer: no string per record.
/// </summary>
internal sealed class BedWriter(Stream output) : IDisposable
{
    readonly byte[] buffer = new byte[1 << 16];
    int used;

    public long Records { get; private set; }

    Span<byte> Reserve(string chrom, string name)
    {
        int need = Encoding.UTF8.GetMaxByteCount(chrom.Length + name.Length) + 160;
        if (buffer.Length - used < need)
            Flush();
        return buffer.AsSpan(used);
    }

    static int Text(Span<byte> span, string text) => Encoding.UTF8.GetBytes(text, span);

    static int Number(Span<byte> span, long value)
    {
        Utf8Formatter.TryFormat(value, span, out int written);
        return written;
    }

    static int Decimal(Span<byte> span, double value, byte digits)
    {
        Utf8Formatter.TryFormat(value, span, out int written, new StandardFormat('F', digits));
        return written;
    }

    void End(Span<byte> span, int n)
    {
        span[n++] = (byte)'\n';
        used += n;
        Records++;
    }

    /// <summary>BED6 + the value in a 7th column (6 decimals).</summary>
    public void Write(in BedRecord record)
    {
        var span = Reserve(record.Chrom, record.Name);
        int n = Bed6(span, record);
        span[n++] = (byte)'\t';
        n += Decimal(span[n..], record.Value, 6);
        End(span, n);
    }

    /// <summary>
    /// ENCODE narrowPeak (BED6+4): signalValue = the value (log-odds), pValue = −log10 p, qValue = −log10 q
    /// (−1 when not computed, as the format allows), peak = the summit's 0-based offset from the start.
    /// </summary>
    public void WriteNarrowPeak(in BedRecord record, double pValue, double qValue, long peak)
    {
        var span = Reserve(record.Chrom, record.Name);
        int n = Bed6(span, record);
        span[n++] = (byte)'\t';
        n += Decimal(span[n..], record.Value, 6);
        span[n++] = (byte)'\t';
        n += Decimal(span[n..], MinusLog10(pValue), 5);
        span[n++] = (byte)'\t';
        n += Decimal(span[n..], MinusLog10(qValue), 5);
        span[n++] = (byte)'\t';
        n += Number(span[n..], peak);
        End(span, n);
    }

    static int Bed6(Span<byte> span, in BedRecord record)
    {
        int n = Text(span, record.Chrom);
        span[n++] = (byte)'\t';
        n += Number(span[n..], record.Start);
        span[n++] = (byte)'\t';
        n += Number(span[n..], record.End);
        span[n++] = (byte)'\t';
        n += Text(span[n..], record.Name);
        span[n++] = (byte)'\t';
        n += Number(span[n..], record.Score);
        span[n++] = (byte)'\t';
        span[n++] = (byte)record.Strand;
        return n;
    }

    // −1 marks "not computed", as narrowPeak allows; + 0.0 turns −log10(1) = −0 into 0.
    static double MinusLog10(double value) => double.IsNaN(value) ? -1 : -Math.Log10(value) + 0.0;

    /// <summary>bedGraph: chrom, start, end, value (6 decimals).</summary>
    public void WriteBedGraph(string chrom, long start, long end, float value)
    {
        var span = Reserve(chrom, "");
        int n = Text(span, chrom);
        span[n++] = (byte)'\t';
        n += Number(span[n..], start);
        span[n++] = (byte)'\t';
        n += Number(span[n..], end);
        span[n++] = (byte)'\t';
        n += Decimal(span[n..], value, 6);
        End(span, n);
    }

    /// <summary>A header or comment line, written as given (callers start it with '#').</summary>
    public void WriteLine(string line)
    {
        Flush();
        output.Write(Encoding.UTF8.GetBytes(line + "\n"));
    }

    public void Flush()
    {
        output.Write(buffer, 0, used);
        used = 0;
    }

    public void Dispose() => Flush();
}
