using GenomeScan.Formats;
using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner;

/// <summary>
/// Iid: bases drawn with the input's composition. Markov1: a first-order Markov chain with the input's
/// dinucleotide frequencies. Shuffle: a dinucleotide shuffle (Altschul–Erickson) of a sample of the input.
/// </summary>
internal enum NullKind { Iid, Markov1, Shuffle }

/// <summary>What <c>genomescan scan</c> asks for, beyond the pipeline's <see cref="ScanOptions"/>.</summary>
internal sealed record ScanRequest
{
    public required IReadOnlyList<string> Inputs { get; init; }
    public string Output { get; init; } = "-";
    public string? ModelPath { get; init; }
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;
    public required ScanOptions Options { get; init; }

    /// <summary>Report windows whose p-value is below this (the default mode).</summary>
    public double PValue { get; init; } = 1e-4;

    /// <summary>A probability cut-off; when given it replaces the p-value one.</summary>
    public float? Threshold { get; init; }

    /// <summary>A Benjamini–Hochberg q-value cut-off; when given it replaces the p-value one (two passes over the input).</summary>
    public double? QValue { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Bed;

    /// <summary>A FASTA whose windows make the null instead of i.i.d. bases of the input's composition.</summary>
    public string? Background { get; init; }

    /// <summary>The random background behind p-values (when no background FASTA is given).</summary>
    public NullKind Null { get; init; } = NullKind.Iid;

    /// <summary>Bases of i.i.d. background sequence behind the null (both strands scored: twice as many scores).</summary>
    public int NullBases { get; init; } = 2_000_000;

    public ulong NullSeed { get; init; } = 1;

    /// <summary>The '#' line to write first, or null for none.</summary>
    public string? Header { get; init; }

    public bool Quiet { get; init; }

    /// <summary>Scan with this motif's PWM (exact p-values) instead of a CNN.</summary>
    public string? MotifPath { get; init; }
}

/// <summary>
/// The library entry point of <c>scan</c>: loads the model, picks the engine, builds (or reads from the
/// cache) the null distribution when p-values are needed, runs the pipeline into the chosen format, and
/// writes the output only when everything succeeded.
/// </summary>
internal static class ScanRun
{
    public static async Task<ScanSummary> RunAsync(ScanRequest request, Stream stdout, TextWriter log, CancellationToken cancellationToken = default)
    {
        var options = request.Options;
        if (request.Output != "-" && request.Inputs.Any(p => p != "-" && Path.GetFullPath(p) == Path.GetFullPath(request.Output)))
            throw new InputException($"{request.Output}: refusing to overwrite the input");
        if (request.MotifPath is not null)
            return await RunPwmAsync(request, stdout, log, cancellationToken).ConfigureAwait(false);
        if (request.Threshold is < 0 or > 1)
            throw new InputException($"--threshold {request.Threshold}: a probability is between 0 and 1");
        using var model = OnnxWindowClassifier.LoadOrBuiltIn(request.ModelPath, request.Device, 1);
        if (model.Metadata is { Alphabet: { } alphabet } && alphabet != "ACGT")
            throw new InputException($"{model.Source}: model alphabet '{alphabet}' is not ACGT");
        if (model.FallbackReason is not null && !request.Quiet)
            log.WriteLine($"scan: {model.FallbackReason}");
        if (options.Stride > model.WindowLength)
            throw new InputException($"--stride {options.Stride} is longer than the model's {model.WindowLength}-bp window: bases between windows would not be scanned");

        using var scorers = ScorerFactory.ForModel(model, options.Engine, options.SegmentBases, options.BatchSize);

        NullDistribution? background = null;
        if (request.Threshold is null || request.Format == OutputFormat.NarrowPeak)
            background = await NullFor(request, model, scorers, options, log, cancellationToken).ConfigureAwait(false);
        return await WriteAsync(request, options, model.Name, scorers, background, null, stdout, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cut-off (p, q or a given score), then the scan into the chosen format; the output only on success.</summary>
    static async Task<ScanSummary> WriteAsync(ScanRequest request, ScanOptions options, string name, ScorerFactory scorers,
        IScoreNull? background, Func<float, int>? bedScore, Stream stdout, TextWriter log, CancellationToken cancellationToken)
    {
        double exactQBelow = Math.Max(0.01, request.QValue ?? 0);
        float threshold;
        if (request.Threshold is { } given)
            threshold = given;
        else if (request.QValue is { } alpha)
        {
            if (request.Inputs.Contains(InputStreams.Stdin))
                throw new InputException("--qvalue reads the input twice (counting, then calling): give a file, not stdin");
            var discovery = new FalseDiscovery(background!, exactQBelow);
            await ScanPipeline.RunAsync(request.Inputs, scorers, new EveryScoreSink(options.Strands, discovery.Add),
                options with { Progress = false }, TextWriter.Null, cancellationToken).ConfigureAwait(false);
            threshold = discovery.ThresholdForQ(alpha);
            if (!request.Quiet)
                log.WriteLine(FormattableString.Invariant($"scan: q < {alpha:G3} means score > {threshold:R} ({discovery.Tested:N0} windows tested)"));
        }
        else
        {
            threshold = background!.ThresholdFor(request.PValue);
            if (!request.Quiet)
                log.WriteLine(FormattableString.Invariant($"scan: p < {request.PValue:G3} means score > {threshold:R} for this model and background"));
        }

        using var target = OutputTarget.Open(request.Output, stdout);
        var writer = new BedWriter(target.Stream);
        if (request.Header is not null)
            writer.WriteLine($"{request.Header}\tmodel={name}\tthreshold={threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        IScanSink sink = request.Format == OutputFormat.BedGraph
            ? new BedGraphSink(options.Strands, scorers.WindowLength, options.Stride, writer, options.ParseCoordinates)
            : new RegionSink(request.Format, name, threshold, options.Merge, options.Strands, writer, background, options.ParseCoordinates, exactQBelow, bedScore);
        var summary = await ScanPipeline.RunAsync(request.Inputs, scorers, sink, options, log, cancellationToken).ConfigureAwait(false);
        writer.Dispose();
        target.Commit();
        return summary;
    }

    /// <summary>
    /// The PWM baseline: the motif's log-odds against the input's composition (uniform for stdin), exact
    /// p-values, the same cut-offs, formats and regions as the CNN. Windows with an unknown base are
    /// skipped (as FIMO skips them) unless --max-n says otherwise.
    /// </summary>
    static async Task<ScanSummary> RunPwmAsync(ScanRequest request, Stream stdout, TextWriter log, CancellationToken cancellationToken)
    {
        var motif = MotifReader.ReadFile(request.MotifPath!)[0];
        var options = request.Options;
        if (options.Stride > motif.Length)
            throw new InputException($"--stride {options.Stride} is longer than the motif's {motif.Length} bp: bases between windows would not be scanned");
        bool stdin = request.Inputs.Contains(InputStreams.Stdin);
        var composition = stdin ? BaseComposition.Uniform : (await BaseComposition.CountAsync(request.Inputs, cancellationToken).ConfigureAwait(false)).Rounded();
        var pwm = new PwmScoreNull(motif, composition);
        if (!request.Quiet)
            log.WriteLine($"scan: {motif.Name} ({motif.Length} bp) log-odds against {composition}{(stdin ? " (stdin: uniform)" : " (the input's composition)")}, scores {PwmScoreNull.Bits(pwm.MinScore)} to {PwmScoreNull.Bits(pwm.MaxScore)} bits");
        using var scorers = ScorerFactory.ForMotif(pwm);
        return await WriteAsync(request, options, motif.Name, scorers, pwm, pwm.BedScore, stdout, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The null for this model and background: from the cache when there (nothing is generated then), else
    /// the background's windows scored now — a background FASTA streamed, or i.i.d., Markov or shuffled
    /// sequence generated straight into chunks — and cached.
    /// </summary>
    static async Task<NullDistribution> NullFor(ScanRequest request, OnnxWindowClassifier model, ScorerFactory scorers,
        ScanOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var (description, what, source) = await NullBackgroundAsync(request, model.WindowLength, cancellationToken).ConfigureAwait(false);
        var cacheDirectory = NullDistribution.CacheDirectory();
        var cachePath = cacheDirectory is null ? null
            : Path.Combine(cacheDirectory, NullDistribution.CacheKey(model.ModelBytes, description, request.NullBases, request.NullSeed));
        if (what is not null && !request.Quiet)
            log.WriteLine($"scan: null distribution: {what}");
        if (cachePath is not null && NullDistribution.TryLoad(cachePath) is { } cached)
            return cached;
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
                result.Save(cachePath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A cache is an optimisation: a read-only home still scans.
            }
        }
        return result;
    }

    /// <summary>
    /// The null's background: its cache description, what to tell the user (null for a background FASTA),
    /// and how to make its sequence — called only when the cache does not hold the null.
    /// </summary>
    static async Task<(string Description, string? What, Func<ISequenceSource> Source)> NullBackgroundAsync(ScanRequest request, int windowLength,
        CancellationToken cancellationToken)
    {
        if (request.Background is { } fasta)
            return ("fasta:" + Formats.Datasets.FileHash.Sha256(fasta), null, () => new FastaSource([fasta]));
        bool stdin = request.Inputs.Contains(InputStreams.Stdin);
        if (stdin && request.Null != NullKind.Iid)
            throw new InputException($"--null {request.Null.ToString().ToLowerInvariant()} reads the input's dinucleotides first: give a file, not stdin");
        if (request.Null == NullKind.Shuffle)
        {
            var sample = await DinucleotideShuffle.SampleAsync(request.Inputs, request.NullBases, request.NullSeed, cancellationToken).ConfigureAwait(false);
            if (sample.Length < 2 * windowLength)
                throw new InputException($"{request.Inputs[0]}: too few known bases to shuffle for a null distribution");
            return ("shuffle:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sample)),
                $"a dinucleotide shuffle of {sample.Length:N0} bases sampled from the input",
                () => GeneratedSource.Of(DinucleotideShuffle.Shuffle(sample, request.NullSeed)));
        }
        var counted = stdin ? BaseComposition.Uniform : await BaseComposition.CountAsync(request.Inputs, cancellationToken).ConfigureAwait(false);
        var composition = counted.Rounded() with { Pairs = counted.Pairs };
        if (request.Null == NullKind.Markov1 && composition.Pairs is not null)
            return ("markov1:" + composition.PairsKey,
                $"{request.NullBases:N0} bases of a first-order Markov chain on the input's dinucleotide frequencies",
                () => GeneratedSource.Markov(composition, request.NullBases, request.NullSeed));
        return ("iid:" + composition,
            $"{request.NullBases:N0} i.i.d. bases, {composition}" + (stdin ? " (stdin: uniform)" : " (the input's composition)"),
            () => GeneratedSource.Iid(composition, request.NullBases, request.NullSeed));
    }
}
