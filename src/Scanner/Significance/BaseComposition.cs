using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Significance;

/// <summary>
/// Base frequencies (A, C, G, T) of the known bases of some sequence and, when counted, the frequencies of
/// adjacent pairs of known bases (<see cref="Pairs"/>[first × 4 + second]) for a first-order Markov background.
/// </summary>
internal sealed record BaseComposition(double A, double C, double G, double T)
{
    public double[]? Pairs { get; init; }

    /// <summary>The same composition with pair frequencies rounded to 0.001 (for cache keys), or null without pairs.</summary>
    public string? PairsKey => Pairs is null ? null : string.Join(',', Pairs.Select(p => p.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));

    public static BaseComposition Uniform { get; } = new(0.25, 0.25, 0.25, 0.25);

    public double this[int code] => code switch { 0 => A, 1 => C, 2 => G, _ => T };

    /// <summary>Rounded to two decimals (and renormalised), so that similar genomes share a cached null.</summary>
    public BaseComposition Rounded()
    {
        double[] v = [Math.Round(A, 2), Math.Round(C, 2), Math.Round(G, 2), Math.Round(T, 2)];
        for (int i = 0; i < 4; i++)
            v[i] = Math.Max(v[i], 0.01);
        double sum = v.Sum();
        return new BaseComposition(v[0] / sum, v[1] / sum, v[2] / sum, v[3] / sum);
    }

    public override string ToString() => FormattableString.Invariant($"A={A:F2} C={C:F2} G={G:F2} T={T:F2}");

    /// <summary>Counts the known bases of FASTA files (a first pass over them); uniform when there are none.</summary>
    public static Task<BaseComposition> CountAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default) =>
        CountAsync(new FastaSource([.. paths]), cancellationToken);

    /// <summary>Counts the known bases of a source; uniform when there are none.</summary>
    public static async Task<BaseComposition> CountAsync(ISequenceSource source, CancellationToken cancellationToken = default)
    {
        var counter = new Counter();
        await SequenceSources.ForEachChunkAsync(source, chunk => counter.Add(chunk.Span, chunk.EndOfRecord), cancellationToken).ConfigureAwait(false);
        return counter.Composition();
    }

    /// <summary>Counts the known bases of whole sequences (codes), each its own record; uniform when there are none.</summary>
    public static BaseComposition Count(IEnumerable<byte[]> sequences)
    {
        var counter = new Counter();
        foreach (var codes in sequences)
            counter.Add(codes, endOfRecord: true);
        return counter.Composition();
    }

    /// <summary>Base and adjacent-pair counts over records that arrive in pieces; no pair spans two records.</summary>
    sealed class Counter
    {
        readonly long[] counts = new long[Alphabet.Size + 1];
        readonly long[] pairs = new long[Alphabet.Size * Alphabet.Size];
        int previous = Alphabet.Unknown;

        public void Add(ReadOnlySpan<byte> codes, bool endOfRecord)
        {
            foreach (var code in codes)
            {
                counts[code]++;
                if (code < Alphabet.Size && previous < Alphabet.Size)
                    pairs[previous * Alphabet.Size + code]++;
                previous = code;
            }
            if (endOfRecord)
                previous = Alphabet.Unknown;
        }

        public BaseComposition Composition()
        {
            double known = counts[0] + counts[1] + counts[2] + counts[3];
            double pairTotal = pairs.Sum();
            return known == 0 ? Uniform : new BaseComposition(counts[0] / known, counts[1] / known, counts[2] / known, counts[3] / known)
            {
                Pairs = pairTotal == 0 ? null : pairs.Select(p => p / pairTotal).ToArray(),
            };
        }
    }
}
