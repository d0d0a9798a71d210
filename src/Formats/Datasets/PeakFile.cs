using System.Globalization;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Datasets;

/// <summary>One peak: its interval, its summit (genome coordinate), its signal (for <c>--top</c>) and its line in the file.</summary>
internal sealed record Peak(string Chrom, long Start, long End, long Summit, double Signal, long Line);

/// <summary>
/// Peaks of a ChIP-seq experiment: BED (3 or more columns) or ENCODE's narrowPeak (10 columns: the summit
/// is column 10, an offset from the start, −1 for none). The summit is that offset, else the peak's middle;
/// the signal is narrowPeak's signalValue (column 7), else BED's score (column 5), else 0. Header lines
/// (<c>#</c>, <c>track</c>, <c>browser</c>) are skipped; anything else malformed is an error naming file and line.
/// </summary>
internal static class PeakFile
{
    public static List<Peak> Read(string path)
    {
        var (stream, _) = InputStreams.Open(path);
        using var reader = new StreamReader(stream);
        var peaks = new List<Peak>();
        long number = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            line = line.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("track", StringComparison.Ordinal) || line.StartsWith("browser", StringComparison.Ordinal))
                continue;
            var f = line.Split('\t');
            if (f.Length < 3)
                throw InputException.At(path, number, 0, $"expected chrom, start, end (tab-separated), found {f.Length} field{(f.Length == 1 ? "" : "s")}");
            if (!long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var end) || end <= start)
                throw InputException.At(path, number, 2, "expected a 0-based start and an end after it");
            long summit = start + (end - start) / 2;
            double signal = 0;
            if (f.Length >= 10)
            {
                if (!long.TryParse(f[9], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset) || offset < -1 || offset >= end - start)
                    throw InputException.At(path, number, 10, $"narrowPeak summit '{f[9]}' is not an offset inside the peak (or -1)");
                if (offset >= 0)
                    summit = start + offset;
                if (!double.TryParse(f[6], NumberStyles.Float, CultureInfo.InvariantCulture, out signal))
                    throw InputException.At(path, number, 7, $"narrowPeak signalValue '{f[6]}' is not a number");
            }
            else if (f.Length >= 5 && !double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out signal))
                throw InputException.At(path, number, 5, $"BED score '{f[4]}' is not a number");
            peaks.Add(new Peak(f[0], start, end, summit, signal, number));
        }
        if (peaks.Count == 0)
            throw InputException.At(path, 0, 0, "no peaks in it");
        return peaks;
    }

    /// <summary>The <paramref name="top"/> peaks by signal (ties: the earlier line), in file order; all when null.</summary>
    public static List<Peak> Top(List<Peak> peaks, int? top) =>
        top is not { } n || n >= peaks.Count ? peaks
            : [.. peaks.OrderByDescending(p => p.Signal).ThenBy(p => p.Line).Take(n).OrderBy(p => p.Line)];
}

/// <summary>A whole chromosome's bases as codes, read through the genome's index.</summary>
internal static class ChromosomeReader
{
    public static byte[] Read(IndexedFasta genome, FaiEntry entry)
    {
        var codes = new byte[entry.Length];
        var record = new FastaRecord(0, entry.Name, 0);
        foreach (var chunk in genome.ReadChunks(record, entry, 0, entry.Length, 1 << 20))
            chunk.Span.CopyTo(codes.AsSpan((int)chunk.Start));
        return codes;
    }

    /// <summary>Fraction of G or C among the known bases of <paramref name="codes"/> (0 when none is known), and how many are unknown.</summary>
    public static (double Gc, int Unknown) Composition(ReadOnlySpan<byte> codes)
    {
        int gc = 0, unknown = 0;
        foreach (var c in codes)
        {
            if (c >= Alphabet.Size)
                unknown++;
            else if (c is 1 or 2)
                gc++;
        }
        int known = codes.Length - unknown;
        return (known == 0 ? 0 : gc / (double)known, unknown);
    }
}
