using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner.Variants;

/// <summary>
/// Whole chromosomes as base codes, read through the genome's index when a variant first needs one and kept
/// while they fit a budget (least recently used out first), so sorted input reads each chromosome once and
/// unsorted input still works. Names the genome does not have give null.
/// </summary>
internal sealed class ChromosomeCache(IndexedFasta genome, long budgetBases = 1L << 30)
{
    readonly Dictionary<string, byte[]> held = new(StringComparer.Ordinal);
    readonly LinkedList<string> recent = new();
    long bases;

    public byte[]? Get(string chrom)
    {
        if (held.TryGetValue(chrom, out var codes))
        {
            if (recent.First!.Value != chrom)
            {
                recent.Remove(chrom);
                recent.AddFirst(chrom);
            }
            return codes;
        }
        if (genome.Index.Find(chrom) is not { } entry)
            return null;
        codes = new byte[entry.Length];
        foreach (var chunk in genome.ReadChunks(new FastaRecord(0, chrom, 0), entry, 0, entry.Length, 1 << 20))
            chunk.Span.CopyTo(codes.AsSpan((int)chunk.Start));
        while (recent.Count > 0 && bases + codes.Length > budgetBases)
        {
            var last = recent.Last!.Value;
            bases -= held[last].Length;
            held.Remove(last);
            recent.RemoveLast();
        }
        held[chrom] = codes;
        recent.AddFirst(chrom);
        bases += codes.Length;
        return codes;
    }

    /// <summary>The genome's letters at a place, for messages.</summary>
    public string Letters(string chrom, long start, int length)
    {
        var codes = Get(chrom)!;
        var end = Math.Min(codes.Length, start + Math.Min(length, 20));
        var text = new string([.. codes.AsSpan((int)start, (int)(end - start)).ToArray().Select(c => Formats.Sequences.Alphabet.Letter(c))]);
        return length > 20 ? text + "…" : text;
    }
}
