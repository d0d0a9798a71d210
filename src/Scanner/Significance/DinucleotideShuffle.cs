using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Sequences;


namespace GenomeScan.Scanner.Significance;

/// <summary>
/// The background as a dinucleotide shuffle of the input (Altschul and Erickson's method): a random
/// sequence with exactly the same counts of every adjacent pair, the same first and last base. For a
/// genome, what is shuffled is a sample of it: pieces of known bases drawn evenly (reservoir sampling)
/// from every record, joined.
/// </summary>
internal static class DinucleotideShuffle
{
    public const int Piece = 2000;

    /// <summary>Up to <paramref name="bases"/> known bases of the inputs, in pieces drawn uniformly from everywhere.</summary>
    public static async Task<byte[]> SampleAsync(IEnumerable<string> paths, int bases, ulong seed, CancellationToken cancellationToken = default)
    {
        int slots = Math.Max(1, bases / Piece);
        var reservoir = new List<byte[]>(slots);
        var rng = new SeededRandom(seed);
        long seen = 0;
        var piece = new byte[Piece];
        int filled = 0;
        await SequenceSources.ForEachChunkAsync(paths, chunk =>
        {
            foreach (var code in chunk.Span)
            {
                if (code >= Alphabet.Size)
                {
                    filled = 0;
                    continue;
                }
                piece[filled++] = code;
                if (filled < Piece)
                    continue;
                filled = 0;
                seen++;
                if (reservoir.Count < slots)
                    reservoir.Add((byte[])piece.Clone());
                else if (rng.NextDouble() * seen < slots)
                    reservoir[rng.NextInt(slots)] = (byte[])piece.Clone();
            }
            if (chunk.EndOfRecord)
                filled = 0;
        }, cancellationToken).ConfigureAwait(false);
        return reservoir.SelectMany(p => p).ToArray();
    }

    /// <summary>A random sequence with the same dinucleotide counts, first and last base as <paramref name="sequence"/> (codes 0..3).</summary>
    public static byte[] Shuffle(ReadOnlySpan<byte> sequence, ulong seed)
    {
        if (sequence.Length < 3)
            return sequence.ToArray();
        var rng = new SeededRandom(seed);
        var edges = new List<byte>[Alphabet.Size];
        for (int a = 0; a < Alphabet.Size; a++)
            edges[a] = [];
        for (int i = 0; i + 1 < sequence.Length; i++)
            edges[sequence[i]].Add(sequence[i + 1]);
        byte last = sequence[^1];

        // A random spanning arborescence towards the last base (Wilson's algorithm): each other base's
        // last exit, so that the walk below can always finish.
        var inTree = new bool[Alphabet.Size];
        var next = new int[Alphabet.Size];
        inTree[last] = true;
        for (int start = 0; start < Alphabet.Size; start++)
        {
            if (edges[start].Count == 0)
                continue;
            int u = start;
            while (!inTree[u])
            {
                next[u] = edges[u][rng.NextInt(edges[u].Count)];
                u = next[u];
            }
            for (u = start; !inTree[u]; u = next[u])
                inTree[u] = true;
        }
        // Shuffle each base's exits, keeping the chosen last exit at the end.
        for (int a = 0; a < Alphabet.Size; a++)
        {
            var list = edges[a];
            if (list.Count == 0)
                continue;
            if (a != last)
            {
                int at = list.IndexOf((byte)next[a]);
                (list[at], list[^1]) = (list[^1], list[at]);
                rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list)[..^1]);
            }
            else
                rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        }
        var result = new byte[sequence.Length];
        var used = new int[Alphabet.Size];
        result[0] = sequence[0];
        for (int i = 1; i < result.Length; i++)
        {
            byte from = result[i - 1];
            result[i] = edges[from][used[from]++];
        }
        return result;
    }
}
