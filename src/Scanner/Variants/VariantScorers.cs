using GenomeScan.Formats;
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
/// One scorer of a run: its name (the INFO fields' and the TSV's), windows, null, and whether its scores are a
/// model's probabilities (reported as their logit) or a matrix's bits.
/// </summary>
internal sealed record VariantChannel(string Name, ScorerFactory Scorers, IScoreNull Null, bool Probabilities)
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
    public double DeltaMinusLog10P => -Math.Log10(AltP) + Math.Log10(RefP);

    /// <summary>The call: one allele below <paramref name="pValue"/>, the other not, their −log10 p at least <paramref name="margin"/> apart.</summary>
    public static VariantCall CallOf(double refP, double altP, double pValue, double margin)
    {
        double change = -Math.Log10(altP) + Math.Log10(refP);
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
                foreach (var motif in motifs)
                {
                    var pwm = new PwmScoreNull(motif, composition);
                    var factory = ScorerFactory.ForMotif(pwm);
                    result.owned.Add(factory);
                    result.Channels.Add(new VariantChannel(motif.Name, factory, pwm, Probabilities: false));
                }
            }
            else
            {
                IReadOnlyList<string?> paths = request.ModelPaths.Count == 0 ? [null] : [.. request.ModelPaths];
                foreach (var path in paths)
                {
                    var model = OnnxWindowClassifier.LoadOrBuiltIn(path, request.Device, 1);
                    result.owned.Add(model);
                    if (model.Metadata is { Alphabet: { } alphabet } && alphabet != "ACGT")
                        throw new InputException($"{model.Source}: model alphabet '{alphabet}' is not ACGT");
                    var factory = ScorerFactory.ForModel(model, options.Engine, options.SegmentBases, options.BatchSize);
                    result.owned.Add(factory);
                    var background = await NullBuilder.BuildAsync(new NullSpec(), [request.Genome], model, factory, options, log, cancellationToken, command: "variants").ConfigureAwait(false);
                    result.Channels.Add(new VariantChannel(model.Name, factory, background, Probabilities: true));
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

    /// <summary>One thread's scorers, one per channel.</summary>
    public AlleleScorer[] CreateThreadScorers(ScanOptions options) => [.. Channels.Select(c => new AlleleScorer(c, options))];

    public void Dispose()
    {
        for (int i = owned.Count - 1; i >= 0; i--)
            owned[i].Dispose();
        owned.Clear();
    }
}

/// <summary>
/// Scores one allele for one channel on one thread: the reference haplotype (REF with window − 1 bases of the
/// genome on each side, unknown bases past a chromosome's ends) and the alternate one (ALT between the same
/// flanks); every window of each — exactly the placements that overlap the allele — on both strands.
/// </summary>
internal sealed class AlleleScorer(VariantChannel channel, ScanOptions options) : IDisposable
{
    readonly WindowScorer scorer = new(channel.Scorers, options);
    byte[] haplotype = [];
    float[] plus = [], minus = [];

    public AlleleScore Score(byte[] chromosome, VcfVariant variant, VariantChannel channel, double pValue, double margin)
    {
        var (refScore, refStrand, refOffset) = Best(chromosome, variant, null);
        var (altScore, altStrand, altOffset) = Best(chromosome, variant, variant.Alt);
        double refP = channel.Null.PValue(refScore), altP = channel.Null.PValue(altScore);
        return new AlleleScore(channel.Value(refScore), channel.Value(altScore), refP, altP, refStrand, refOffset, altStrand, altOffset,
            AlleleScore.CallOf(refP, altP, pValue, margin));
    }

    /// <summary>The best window of the haplotype with <paramref name="allele"/> in REF's place (null: the genome's own bases there, which REF was checked against; an N in REF matches any base).</summary>
    (float Score, char Strand, int Offset) Best(byte[] chromosome, VcfVariant variant, string? allele)
    {
        int length = allele?.Length ?? variant.Ref.Length;
        int flank = channel.WindowLength - 1, total = length + 2 * flank;
        if (haplotype.Length < total)
        {
            haplotype = new byte[total];
            plus = new float[total];
            minus = new float[total];
        }
        var span = haplotype.AsSpan(0, total);
        long start = variant.Start - flank, after = variant.Start + variant.Ref.Length;
        for (int i = 0; i < flank; i++)
        {
            long left = start + i, right = after + i;
            span[i] = left >= 0 ? Math.Min(chromosome[left], Formats.Sequences.Alphabet.Unknown) : Formats.Sequences.Alphabet.Unknown;
            span[flank + length + i] = right < chromosome.Length ? Math.Min(chromosome[right], Formats.Sequences.Alphabet.Unknown) : Formats.Sequences.Alphabet.Unknown;
        }
        for (int i = 0; i < length; i++)
            span[flank + i] = allele is null ? Math.Min(chromosome[variant.Start + i], Formats.Sequences.Alphabet.Unknown) : Formats.Sequences.Alphabet.Code((byte)allele[i]);
        int windows = scorer.ScoreCodes(span, plus, minus);
        float best = float.NegativeInfinity;
        int at = 0;
        char strand = '+';
        for (int w = 0; w < windows; w++)
        {
            if (plus[w] > best)
                (best, at, strand) = (plus[w], w, '+');
            if (minus[w] > best)
                (best, at, strand) = (minus[w], w, '-');
        }
        return (best, strand, at - flank);
    }

    public void Dispose() => scorer.Dispose();
}
