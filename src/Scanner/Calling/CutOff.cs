using System.Globalization;
using GenomeScan.Formats;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner.Calling;

/// <summary>What passes: a score given outright, a p-value under the null, or a Benjamini–Hochberg q-value.</summary>
internal sealed record CutOffSpec
{
    /// <summary>Windows whose p-value is below this (the default).</summary>
    public double PValue { get; init; } = 1e-4;

    /// <summary>A score cut-off; when given it replaces the p-value one.</summary>
    public float? Threshold { get; init; }

    /// <summary>A q-value cut-off; when given it replaces the p-value one (a counting pass over the input first).</summary>
    public double? QValue { get; init; }

    /// <summary>q-values are exact below this level (and capped above it): at least 0.01, or the q cut-off.</summary>
    public double ExactQBelow => Math.Max(0.01, QValue ?? 0);

    /// <summary>Whether a null distribution is needed: for p- and q-value cut-offs, and for narrowPeak's columns.</summary>
    public bool NeedsNull(bool narrowPeak) => Threshold is null || narrowPeak;
}

/// <summary>Turns a cut-off into the score a window must exceed.</summary>
internal static class CutOff
{
    /// <summary>
    /// The score cut-off. A q-value cut-off scans the source once first, counting every window's level
    /// (<see cref="FalseDiscovery"/>); <paramref name="source"/> is called for that pass only.
    /// </summary>
    public static async Task<float> ScoreAsync(CutOffSpec spec, IScoreNull? background, Func<ISequenceSource> source, IReadOnlyList<string> inputs,
        ScorerFactory scorers, ScanOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        if (spec.Threshold is null && spec.QValue is { } alpha)
        {
            if (inputs.Contains(InputStreams.Stdin))
                throw InputException.ForValue("qvalue", alpha.ToString(CultureInfo.InvariantCulture), " reads the input twice (counting, then calling): give a file, not stdin");
            return (await QValueCutsAsync(spec, [background!], source, scorers, options, log, cancellationToken).ConfigureAwait(false))[0];
        }
        return WithoutCounting(spec, background, log);
    }

    /// <summary>A score or p-value cut-off (no q-value): the score given, or the null's score for the p-value; nothing is read.</summary>
    public static float WithoutCounting(CutOffSpec spec, IScoreNull? background, TextWriter log)
    {
        if (spec.Threshold is { } given)
            return given;
        float threshold = background!.ThresholdFor(spec.PValue);
        log.WriteLine(FormattableString.Invariant($"scan: p < {spec.PValue:G3} means score > {threshold:R} for this model and background"));
        return threshold;
    }

    /// <summary>
    /// The q-value cut-offs of the channels of <paramref name="scorers"/> (channel c against
    /// <paramref name="backgrounds"/>[c]) from one counting pass over the source: every window tested, those
    /// above the exact-counting floor counted by level.
    /// </summary>
    public static async Task<float[]> QValueCutsAsync(CutOffSpec spec, IReadOnlyList<IScoreNull> backgrounds, Func<ISequenceSource> source,
        ScorerFactory scorers, ScanOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        double alpha = spec.QValue!.Value;
        var discoveries = backgrounds.Select(b => new FalseDiscovery(b, spec.ExactQBelow)).ToArray();
        await ScanPipeline.RunAsync(source(), scorers, [.. discoveries.Select(d => (IScanSink)new CountingSink(options.Strands, d))],
            options with { Progress = false }, TextWriter.Null, cancellationToken).ConfigureAwait(false);
        var cuts = discoveries.Select(d => d.ThresholdForQ(alpha)).ToArray();
        if (cuts.Length == 1)
            log.WriteLine(FormattableString.Invariant($"scan: q < {alpha:G3} means score > {cuts[0]:R} ({discoveries[0].Tested:N0} windows tested)"));
        return cuts;
    }

    public static string Format(float threshold) => threshold.ToString("R", CultureInfo.InvariantCulture);
}
