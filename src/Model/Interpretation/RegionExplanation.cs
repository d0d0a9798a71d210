using System.Globalization;
using System.Text;
using GenomeScan.Formats;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Model.Interpretation;

/// <summary>What <c>explain</c> reports: the best window of a region (either strand) and its mutagenesis map.</summary>
internal sealed record RegionExplanation(string Chrom, MutagenesisMap Map)
{
    /// <summary>
    /// Reads <paramref name="region"/> of an indexed FASTA, finds its best-scoring window (either strand;
    /// ties: the first, + before −) and maps every substitution in it.
    /// </summary>
    public static RegionExplanation Explain(OnnxWindowClassifier model, string fastaPath, GenomicRegion region)
    {
        var fasta = IndexedFasta.Open(fastaPath);
        var entry = fasta.Entry(region.Chrom);
        long from = region.Start, to = Math.Min(region.End ?? entry.Length, entry.Length);
        int length = model.WindowLength;
        if (to - from < length)
            throw InputException.ForValue("region", $"{region}", $": shorter than the model's {length}-bp window");
        var codes = new List<byte>();
        foreach (var chunk in fasta.ReadChunks(new FastaRecord(0, entry.Name, 0), entry, from, to, 1 << 20))
            codes.AddRange(chunk.Span.ToArray());
        var all = codes.ToArray();
        var (start, strand) = BestWindow(model, all, from);
        return new RegionExplanation(entry.Name, MutagenesisMap.Compute(model, all.AsSpan((int)(start - from), length), start, strand));
    }

    /// <summary>The best-scoring window of <paramref name="codes"/> (starting at record offset <paramref name="from"/>), either strand.</summary>
    static (long Start, char Strand) BestWindow(OnnxWindowClassifier model, byte[] codes, long from)
    {
        int length = model.WindowLength, windows = codes.Length - length + 1, rowSize = length * Alphabet.Size;
        var oneHot = new float[2 * windows * rowSize];
        for (int w = 0; w < windows; w++)
        {
            var window = codes.AsSpan(w, length);
            OneHot.Write(window, oneHot.AsSpan(2 * w * rowSize, rowSize), length);
            OneHot.Write(window, oneHot.AsSpan((2 * w + 1) * rowSize, rowSize), length, reverseComplement: true);
        }
        var scores = model.Predict(oneHot, 2 * windows);
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
            if (scores[i] > scores[best])
                best = i;
        return (from + best / 2, best % 2 == 0 ? '+' : '-');
    }

    /// <summary>The window as chrom:start-end (1-based).</summary>
    public string Window => $"{Chrom}:{Map.Start + 1}-{Map.Start + Map.Reference.Length}";

    /// <summary>
    /// One row per window position as the model reads it: chrom, the genomic position (1-based) of that base,
    /// strand, reference base (on that strand), then the change in probability for A, C, G, T.
    /// </summary>
    public string ToTsv()
    {
        int length = Map.Reference.Length;
        var text = new StringBuilder(FormattableString.Invariant($"# window {Window} strand {Map.Strand} probability {Map.Score:F6}\n"));
        text.Append("chrom\tposition\tstrand\tref\tA\tC\tG\tT\n");
        for (int p = 0; p < length; p++)
        {
            long position = Map.Strand == '+' ? Map.Start + p + 1 : Map.Start + length - p;
            text.Append(CultureInfo.InvariantCulture, $"{Chrom}\t{position}\t{Map.Strand}\t{Alphabet.Letter(Map.Reference[p])}");
            for (int b = 0; b < Alphabet.Size; b++)
                text.Append('\t').Append(Map.Delta[p, b].ToString("F6", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }
}
