using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Variants;

namespace GenomeScan.Scanner.Variants;

/// <summary>A gain, a loss, or neither.</summary>
internal enum VariantCall
{
    None,
    Gain,
    Loss,
}

/// <summary>
/// One scorer of a run: its name (the INFO fields' and the TSV's), windows (the motifs of one width share a
/// factory, a channel each, in the order of <see cref="VariantScorers"/>' groups), null, whether its scores are a
/// model's probabilities (reported as their logit) or a matrix's bits, and how many of a window's leading
/// positions (on its own strand) its score depends on: a placement overlaps a variant when it reads one of the
/// variant's bases.
/// </summary>
internal sealed record VariantChannel(string Name, ScorerFactory Scorers, IScoreNull Null, bool Probabilities, int ReadLength)
{
    public int WindowLength => Scorers.WindowLength;

    /// <summary>A score as log-odds: a model's logit, a matrix's bits.</summary>
    public double Value(float score) => Probabilities ? BedRecord.Logit(score) : score;
}

/// <summary>
/// An allele's best windows on the reference and alternate haplotypes: scores as log-odds, p-values, strands
/// and offsets (each window's start relative to the variant's first REF base: −(window − 1) … ), and the call.
/// </summary>
internal readonly record struct AlleleScore(double Ref, double Alt, double RefP, double AltP, char RefStrand, int RefOffset, char AltStrand, int AltOffset, VariantCall Call)
{
    public double Delta => Alt - Ref;

    /// <summary>The change in −log10 p, alternate minus reference: positive when the alternate binds better.</summary>
    public double DeltaMinusLog10P => Change(RefP, AltP);

    static double Change(double refP, double altP) => -Math.Log10(altP) + Math.Log10(refP);

    /// <summary>The call: one allele below <paramref name="pValue"/>, the other not, their −log10 p at least <paramref name="margin"/> apart.</summary>
    public static VariantCall CallOf(double refP, double altP, double pValue, double margin)
    {
        double change = Change(refP, altP);
        if (refP < pValue && altP >= pValue && -change >= margin)
            return VariantCall.Loss;
        if (altP < pValue && refP >= pValue && change >= margin)
            return VariantCall.Gain;
        return VariantCall.None;
    }
}

/// <summary>The scorers of a run (models, or a file's motifs) with their nulls, and the call's settings.</summary>
internal sealed class VariantScorers : IDisposable
{
    readonly List<IDisposable> owned = [];

    VariantScorers(double pValue, double margin)
    {
        PValue = pValue;
        Margin = margin;
    }

    public List<VariantChannel> Channels { get; } = [];

    /// <summary>The channels that share a factory (a model; the motifs of one width), by index: the k-th is the factory's channel k.</summary>
    List<int[]> Groups { get; } = [];

    public int Count => Channels.Count;
    public IEnumerable<string> Names => Channels.Select(c => c.Name);
    public double PValue { get; }
    public double Margin { get; }

    /// <summary>The request's models (each with its null from i.i.d. bases of the genome's composition) or motifs (exact nulls against it).</summary>
    public static async Task<VariantScorers> PrepareAsync(VariantRequest request, ScanOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var result = new VariantScorers(request.PValue, request.Margin);
        try
        {
            if (request.MotifPath is not null)
            {
                var motifs = MotifReader.PickAll(request.MotifPath, request.MotifNames);
                var composition = (await BaseComposition.CountAsync([request.Genome], cancellationToken).ConfigureAwait(false)).Rounded();
                log.WriteLine($"variants: {motifs.Count:N0} {(motifs.Count == 1 ? "motif" : "motifs")} of {request.MotifPath} against {composition} (the genome's composition), exact p-values");
                // The motifs of one width score the same windows in one pass, a channel each (the passes a scan of
                // them makes); the output keeps the file's order.
                var pwms = motifs.Select(m => new PwmScoreNull(m, composition)).ToList();
                var channels = new VariantChannel[pwms.Count];
                foreach (var members in Output.ChannelScan.Groups([.. pwms.Select(p => (p.Width, false))]))
                {
                    var factory = ScorerFactory.ForMotifs([.. members.Select(i => pwms[i])]);
                    result.owned.Add(factory);
                    foreach (int i in members)
                        channels[i] = new VariantChannel(motifs[i].Name, factory, pwms[i], Probabilities: false, pwms[i].Width);
                    result.Groups.Add(members);
                }
                result.Channels.AddRange(channels);
            }
            else
            {
                IReadOnlyList<string?> paths = request.ModelPaths.Count == 0 ? [null] : [.. request.ModelPaths];
                foreach (var path in paths)
                {
                    var model = OnnxWindowClassifier.LoadOrBuiltIn(path, request.Device, 1);
                    result.owned.Add(model);
                    model.RequireAcgt();
                    if (model.FallbackReason is not null)
                        log.WriteLine($"variants: {model.FallbackReason}");
                    var factory = ScorerFactory.ForModel(model, options.Engine, options.SegmentBases, options.BatchSize);
                    result.owned.Add(factory);
                    var background = await NullBuilder.BuildAsync(new NullSpec(), [request.Genome], model, factory, options, log, cancellationToken, command: "variants").ConfigureAwait(false);
                    int read = WindowNetwork.TryRead(model.ModelBytes)?.ReadLength(model.WindowLength) ?? model.WindowLength;
                    if (read < model.WindowLength)
                        log.WriteLine($"variants: {model.Name} reads the first {read} of its {model.WindowLength} window positions (the rest fall past its pooling): a window overlaps a variant when those hold one of its bases");
                    result.Groups.Add([result.Channels.Count]);
                    result.Channels.Add(new VariantChannel(model.Name, factory, background, Probabilities: true, read));
                }
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>One thread's scorers, one per factory: each scores its channels, each channel into its slot of the results.</summary>
    public AlleleScorer[] CreateThreadScorers(ScanOptions options) => [.. Groups.Select(g => new AlleleScorer([.. g.Select(i => Channels[i])], g, options))];

    public void Dispose()
    {
        for (int i = owned.Count - 1; i >= 0; i--)
            owned[i].Dispose();
        owned.Clear();
    }
}

/// <summary>
/// Scores alleles for the channels of one factory (a model, or the motifs of one width) on one thread, each into
/// its slot of the results. The alternate haplotype: ALT between window − 1 bases of the genome on each side
/// (unknown bases past a chromosome's ends), its windows on both strands that overlap the allele — read one of
/// its bases (<see cref="VariantChannel.ReadLength"/>). The reference: the genome's own windows overlapping REF,
/// taken from tiles of <see cref="TileWindows"/> window starts fixed on the chromosome and kept while nearby
/// alleles need them (sorted input scores each reference window about once). A window's score depends only on
/// its tile, never on which alleles came before or on which thread: the output is the same in any order and at
/// any -j.
/// </summary>
internal sealed class AlleleScorer(VariantChannel[] channels, int[] slots, ScanOptions options) : IDisposable
{
    /// <summary>Window starts per reference tile.</summary>
    const int TileWindows = 256;

    /// <summary>Reference tiles kept per thread and factory.</summary>
    const int TilesKept = 8;

    /// <summary>
    /// Segment bases of the scorer: it scores a tile or one allele's placements at a time (a few hundred windows),
    /// and small segments keep the buffers of a whole motif collection's scorers (one per width and thread) small.
    /// </summary>
    const int SegmentBases = 1 << 10;

    readonly int window = channels[0].WindowLength;
    readonly WindowScorer scorer = new(channels[0].Scorers, options with { SegmentBases = SegmentBases });

    /// <summary>Each kept tile's scores, channel c's at c · <see cref="TileWindows"/>.</summary>
    readonly Queue<(byte[] Chromosome, long Tile, float[] Plus, float[] Minus)> tiles = new();

    /// <summary>The reference's best window per channel for the allele being scored.</summary>
    readonly (float Score, char Strand, int Offset)[] reference = new (float, char, int)[channels.Length];

    /// <summary>The last pass's bases and scores, channel c's window w at c · <see cref="Stride"/> + w.</summary>
    byte[] haplotype = [];
    float[] plus = [], minus = [];

    /// <summary>Scores per channel in <see cref="plus"/> and <see cref="minus"/>: room for every base's window.</summary>
    int Stride => haplotype.Length;

    /// <summary>
    /// The alleles <paramref name="items"/>[from..to) (those scored; the others passed over) scored into
    /// <paramref name="results"/>[·][slot of each channel].
    /// </summary>
    public void ScoreAll(IReadOnlyList<VariantRun.Pending> items, int from, int to, AlleleScore[]?[] results, double pValue, double margin)
    {
        int flank = window - 1;
        for (int i = from; i < to; i++)
            if (items[i] is { Variant: { } variant, Skip: null, Codes: { } chromosome })
            {
                // The reference's bests first: a tile not kept yet is scored in the buffers the alternate then takes.
                for (int c = 0; c < channels.Length; c++)
                    reference[c] = BestReference(chromosome, variant, c);
                Fill(chromosome, variant.Start - flank, variant.Start + variant.Ref.Length + flank, variant, variant.Alt.Length);
                for (int c = 0; c < channels.Length; c++)
                {
                    var channel = channels[c];
                    var (refScore, refStrand, refOffset) = reference[c];
                    // ALT lies at [flank, flank + ALT's length) of the haplotype.
                    var (altScore, altStrand, altAt) = Best(c, Overlapping(c, flank, flank + variant.Alt.Length));
                    double refP = channel.Null.PValue(refScore), altP = channel.Null.PValue(altScore);
                    results[i]![slots[c]] = new AlleleScore(channel.Value(refScore), channel.Value(altScore), refP, altP, refStrand, refOffset, altStrand, altAt - flank,
                        AlleleScore.CallOf(refP, altP, pValue, margin));
                }
            }
    }

    /// <summary>
    /// The first and last starts of the windows that read bases [<paramref name="start"/>, <paramref name="end"/>)
    /// for channel <paramref name="c"/>: on the + strand the first read-length positions from the start, on the −
    /// strand the last ones.
    /// </summary>
    (long PlusFirst, long PlusLast, long MinusFirst, long MinusLast) Overlapping(int c, long start, long end)
    {
        int read = channels[c].ReadLength;
        return (start - read + 1, end - 1, start - window + 1, end - 1 - (window - read));
    }

    /// <summary>Channel <paramref name="c"/>'s best reference window overlapping REF: the first highest by start, + before −.</summary>
    (float Score, char Strand, int Offset) BestReference(byte[] chromosome, VcfVariant variant, int c)
    {
        var (plusFirst, plusLast, minusFirst, minusLast) = Overlapping(c, variant.Start, variant.Start + variant.Ref.Length);
        long first = Math.Min(plusFirst, minusFirst), last = Math.Max(plusLast, minusLast);
        float best = float.NegativeInfinity;
        long at = first;
        char strand = '+';
        for (long tile = Math.DivRem(first, TileWindows, out long r) - (r < 0 ? 1 : 0); tile * TileWindows <= last; tile++)
        {
            var (tilePlus, tileMinus) = Tile(chromosome, tile);
            long start = tile * TileWindows;
            for (long w = Math.Max(first, start); w <= Math.Min(last, start + TileWindows - 1); w++)
            {
                int k = c * TileWindows + (int)(w - start);
                if (w >= plusFirst && w <= plusLast && tilePlus[k] > best)
                    (best, at, strand) = (tilePlus[k], w, '+');
                if (w >= minusFirst && w <= minusLast && tileMinus[k] > best)
                    (best, at, strand) = (tileMinus[k], w, '-');
            }
        }
        return (best, strand, (int)(at - variant.Start));
    }

    /// <summary>The scores of the windows starting in reference tile <paramref name="tile"/>, every channel, scored once while kept.</summary>
    (float[] Plus, float[] Minus) Tile(byte[] chromosome, long tile)
    {
        foreach (var kept in tiles)
            if (kept.Tile == tile && ReferenceEquals(kept.Chromosome, chromosome))
                return (kept.Plus, kept.Minus);
        int size = TileWindows * channels.Length;
        var (tilePlus, tileMinus) = tiles.Count == TilesKept ? (tiles.Peek().Plus, tiles.Dequeue().Minus) : (new float[size], new float[size]);
        long start = tile * TileWindows;
        Fill(chromosome, start, start + TileWindows + window - 1, null, 0);
        for (int c = 0; c < channels.Length; c++)
        {
            plus.AsSpan(c * Stride, TileWindows).CopyTo(tilePlus.AsSpan(c * TileWindows));
            minus.AsSpan(c * Stride, TileWindows).CopyTo(tileMinus.AsSpan(c * TileWindows));
        }
        tiles.Enqueue((chromosome, tile, tilePlus, tileMinus));
        return (tilePlus, tileMinus);
    }

    /// <summary>
    /// Scores the genome's bases [<paramref name="from"/>, <paramref name="to"/>) — with <paramref name="variant"/>'s
    /// ALT in place of REF when given — unknown past the chromosome's ends, every channel.
    /// </summary>
    void Fill(byte[] chromosome, long from, long to, VcfVariant? variant, int altLength)
    {
        int total = (int)(to - from) + (variant is null ? 0 : altLength - variant.Ref.Length);
        if (haplotype.Length < total)
        {
            haplotype = new byte[total];
            plus = new float[total * channels.Length];
            minus = new float[total * channels.Length];
        }
        var span = haplotype.AsSpan(0, total);
        const byte unknown = Formats.Sequences.Alphabet.Unknown;
        int n = 0;
        void Copy(Span<byte> target, long start, long end)
        {
            for (long p = start; p < end; p++)
                target[n++] = p >= 0 && p < chromosome.Length ? Math.Min(chromosome[p], unknown) : unknown;
        }
        if (variant is null)
            Copy(span, from, to);
        else
        {
            Copy(span, from, variant.Start);
            foreach (char c in variant.Alt)
                span[n++] = Formats.Sequences.Alphabet.Code((byte)c);
            Copy(span, variant.Start + variant.Ref.Length, to);
        }
        scorer.ScoreCodes(span, plus, minus, Stride);
    }

    /// <summary>Channel <paramref name="c"/>'s best of the last pass's windows in the given ranges of starts: the first highest by start, + before −.</summary>
    (float Score, char Strand, int At) Best(int c, (long PlusFirst, long PlusLast, long MinusFirst, long MinusLast) windows)
    {
        var (plusFirst, plusLast, minusFirst, minusLast) = windows;
        float best = float.NegativeInfinity;
        long first = Math.Min(plusFirst, minusFirst), at = first;
        char strand = '+';
        int offset = c * Stride;
        for (long w = first; w <= Math.Max(plusLast, minusLast); w++)
        {
            if (w >= plusFirst && w <= plusLast && plus[offset + w] > best)
                (best, at, strand) = (plus[offset + w], w, '+');
            if (w >= minusFirst && w <= minusLast && minus[offset + w] > best)
                (best, at, strand) = (minus[offset + w], w, '-');
        }
        return (best, strand, (int)at);
    }

    public void Dispose() => scorer.Dispose();
}
