using GenomeScan.Formats;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner.Significance;

/// <summary>
/// Iid: bases drawn with the input's composition. Markov1: a first-order Markov chain with the input's
/// dinucleotide frequencies. Shuffle: a dinucleotide shuffle (Altschul–Erickson) of a sample of the input.
/// </summary>
internal enum NullKind { Iid, Markov1, Shuffle }

/// <summary>What a model's null is made of: a background FASTA, or sequence of <see cref="Kind"/> made from the input.</summary>
internal sealed record NullSpec
{
    /// <summary>A FASTA whose windows make the null instead of sequence made from the input.</summary>
    public string? Background { get; init; }

    public NullKind Kind { get; init; } = NullKind.Iid;

    /// <summary>Bases of generated background behind the null (both strands scored: twice as many scores).</summary>
    public int Bases { get; init; } = 2_000_000;

    public ulong Seed { get; init; } = 1;

    /// <summary>The composition of i.i.d. background, when the inputs are not FASTA to count (null: count them).</summary>
    public BaseComposition? Composition { get; init; }
}

/// <summary>A model's empirical null: read from the <see cref="NullCache"/>, or made from its background and scored now.</summary>
internal static class NullBuilder
{
    /// <summary>
    /// The null for this model and background: from the cache when there (nothing is generated then), else
    /// the background's windows scored now — a background FASTA streamed, or i.i.d., Markov or shuffled
    /// sequence generated straight into chunks — and cached.
    /// </summary>
    public static async Task<NullDistribution> BuildAsync(NullSpec request, IReadOnlyList<string> inputs, OnnxWindowClassifier model, ScorerFactory scorers,
        ScanOptions options, TextWriter log, CancellationToken cancellationToken, string command = "scan")
    {
        var (description, what, source) = await BackgroundAsync(request, inputs, model.WindowLength, cancellationToken).ConfigureAwait(false);
        var key = NullCache.KeyHash(model.ModelBytes, description, request.Bases, request.Seed);
        var cachePath = NullCache.PathFor(key);
        if (what is not null)
            log.WriteLine($"{command}: null distribution: {what}");
        if (cachePath is not null)
        {
            if (NullCache.Load(cachePath, key, out var problem) is { } cached)
                return cached;
            if (problem is not null)
                log.WriteLine($"{command}: the cached null {cachePath} {problem}: building it again");
        }
        var scores = new List<float>();
        var collector = new EveryScoreSink(Strands.Both, scores.Add);
        var nullOptions = options with { Stride = 1, Strands = Strands.Both, Progress = false, Regions = null };
        await ScanPipeline.RunAsync(source(), scorers, collector, nullOptions, TextWriter.Null, cancellationToken).ConfigureAwait(false);
        if (scores.Count == 0)
            throw new InputException($"{request.Background}: no window to build a null distribution from");
        var result = new NullDistribution([.. scores]);
        if (cachePath is not null)
        {
            try
            {
                NullCache.Save(result, cachePath, key);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A cache is an optimisation: a read-only home still scans.
                log.WriteLine($"{command}: cannot keep the null in the cache ({e.Message}); the scan goes on");
            }
        }
        return result;
    }

    /// <summary>
    /// The null's background: its cache description, what to tell the user (null for a background FASTA),
    /// and how to make its sequence — called only when the cache does not hold the null.
    /// </summary>
    static async Task<(string Description, string? What, Func<ISequenceSource> Source)> BackgroundAsync(NullSpec request, IReadOnlyList<string> inputs, int windowLength,
        CancellationToken cancellationToken)
    {
        if (request.Background is { } fasta)
            return ("fasta:" + Formats.Datasets.FileHash.Sha256(fasta), null, () => new FastaSource([fasta]));
        bool stdin = inputs.Contains(InputStreams.Stdin);
        if (stdin && request.Kind != NullKind.Iid)
            throw InputException.ForValue("null", request.Kind.ToString().ToLowerInvariant(), " reads the input's dinucleotides first: give a file, not stdin");
        if (request.Kind == NullKind.Shuffle)
        {
            var sample = await DinucleotideShuffle.SampleAsync(inputs, request.Bases, request.Seed, cancellationToken).ConfigureAwait(false);
            if (sample.Length < 2 * windowLength)
                throw new InputException($"{inputs[0]}: too few known bases to shuffle for a null distribution");
            return ("shuffle:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sample)),
                $"a dinucleotide shuffle of {sample.Length:N0} bases sampled from the input",
                () => GeneratedSource.Of(DinucleotideShuffle.Shuffle(sample, request.Seed)));
        }
        var counted = request.Composition ?? (stdin ? BaseComposition.Uniform : await BaseComposition.CountAsync(inputs, cancellationToken).ConfigureAwait(false));
        var composition = counted.Rounded() with { Pairs = counted.Pairs };
        if (request.Kind == NullKind.Markov1 && composition.Pairs is not null)
            return ("markov1:" + composition.PairsKey,
                $"{request.Bases:N0} bases of a first-order Markov chain on the input's dinucleotide frequencies",
                () => GeneratedSource.Markov(composition, request.Bases, request.Seed));
        return ("iid:" + composition,
            $"{request.Bases:N0} i.i.d. bases, {composition}" + (stdin ? " (stdin: uniform)" : " (the input's composition)"),
            () => GeneratedSource.Iid(composition, request.Bases, request.Seed));
    }
}
