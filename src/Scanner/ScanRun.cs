using GenomeScan.Formats;
using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Scanner;

/// <summary>What <c>genomescan scan</c> asks for, beyond the pipeline's <see cref="ScanOptions"/>.</summary>
internal sealed record ScanRequest
{
    public required IReadOnlyList<string> Inputs { get; init; }
    public string Output { get; init; } = "-";
    public string? ModelPath { get; init; }

    /// <summary>Several models in one run (<c>--model</c> repeated); <see cref="ModelPath"/> is then unused.</summary>
    public IReadOnlyList<string> ModelPaths { get; init; } = [];

    /// <summary>Scan with this motif's PWM (exact p-values) instead of a CNN.</summary>
    public string? MotifPath { get; init; }

    /// <summary>Which motifs of <see cref="MotifPath"/> to scan (<c>--motif-name</c>, repeatable); none: all of them.</summary>
    public IReadOnlyList<string> MotifNames { get; init; } = [];

    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;
    public required ScanOptions Options { get; init; }
    public CutOffSpec CutOff { get; init; } = new();
    public OutputFormat Format { get; init; } = OutputFormat.Bed;

    /// <summary>The null behind p- and q-values (a CNN's; a motif's is exact).</summary>
    public NullSpec Null { get; init; } = new();

    /// <summary>The '#' line to write first, or null for none.</summary>
    public string? Header { get; init; }

    public bool Quiet { get; init; }
}

/// <summary>
/// The library entry point of <c>scan</c>: the model (or motif) and its scorers, the null when p-values
/// are needed, the cut-off, then the scan into the chosen format; the output is written only when
/// everything succeeded.
/// </summary>
internal static class ScanRun
{
    public static async Task<ScanSummary> RunAsync(ScanRequest request, Stream stdout, TextWriter log, CancellationToken cancellationToken = default)
    {
        if (request.Quiet)
            log = TextWriter.Null;
        if (request.Output != "-" && request.Inputs.Any(p => p != "-" && Path.GetFullPath(p) == Path.GetFullPath(request.Output)))
            throw new InputException($"{request.Output}: refusing to overwrite the input");
        if (request.MotifPath is not null)
            return await RunPwmAsync(request, stdout, log, cancellationToken).ConfigureAwait(false);
        if (request.CutOff.Threshold is < 0 or > 1)
            throw InputException.ForValue("threshold", $"{request.CutOff.Threshold}", ": a probability is between 0 and 1");
        if (request.ModelPaths.Count > 1)
            return await RunModelsAsync(request, stdout, log, cancellationToken).ConfigureAwait(false);
        var (model, scorers, background) = await PrepareModelAsync(request, request.ModelPath, false, log, cancellationToken).ConfigureAwait(false);
        using var ownedModel = model;
        using var ownedScorers = scorers;
        return await WriteAsync(request, model.Name, scorers, background, true, stdout, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A model, checked (alphabet, stride), its scorers and, when the cut-off or the format needs one, its null;
    /// <paramref name="several"/>: name the model in the stride error. The caller disposes model and scorers.
    /// </summary>
    static async Task<(OnnxWindowClassifier Model, ScorerFactory Scorers, IScoreNull? Background)> PrepareModelAsync(ScanRequest request, string? path, bool several,
        TextWriter log, CancellationToken cancellationToken)
    {
        var options = request.Options;
        var model = OnnxWindowClassifier.LoadOrBuiltIn(path, request.Device, 1);
        ScorerFactory? scorers = null;
        try
        {
            model.RequireAcgt();
            if (model.FallbackReason is not null)
                log.WriteLine($"scan: {model.FallbackReason}");
            if (options.Stride > model.WindowLength)
                throw InputException.ForValue("stride", $"{options.Stride}", $" is longer than the model's {model.WindowLength}-bp window{(several ? $" ({model.Source})" : "")}: bases between windows would not be scanned");
            scorers = ScorerFactory.ForModel(model, options.Engine, options.SegmentBases, options.BatchSize);
            var background = request.CutOff.NeedsNull(request.Format == OutputFormat.NarrowPeak)
                ? await NullBuilder.BuildAsync(request.Null, request.Inputs, model, scorers, options, log, cancellationToken).ConfigureAwait(false)
                : null;
            return (model, scorers, background);
        }
        catch
        {
            scorers?.Dispose();
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Several models: each its own engine, null and cut-off, as when scanned alone; models of one window
    /// length share a pass (see <see cref="ChannelScan"/>), the name column tells them apart.
    /// </summary>
    static async Task<ScanSummary> RunModelsAsync(ScanRequest request, Stream stdout, TextWriter log, CancellationToken cancellationToken)
    {
        var options = request.Options;
        if (request.Format == OutputFormat.BedGraph)
            throw new InputException($"--format bedgraph takes one model; {request.ModelPaths.Count} given");
        if (request.Inputs.Contains(InputStreams.Stdin))
            throw new InputException($"-: {request.ModelPaths.Count} models may read the input more than once: give a file, not stdin");
        var models = new List<OnnxWindowClassifier>();
        var factories = new List<ScorerFactory>();
        try
        {
            var specs = new List<ChannelSpec>();
            foreach (var path in request.ModelPaths)
            {
                var (model, scorers, background) = await PrepareModelAsync(request, path, true, log, cancellationToken).ConfigureAwait(false);
                models.Add(model);
                factories.Add(scorers);
                int length = model.WindowLength;
                float threshold = await CutOff.ScoreAsync(request.CutOff, background, () => SequenceSources.Open(request.Inputs, options.Regions, length, options.ChunkSize),
                    request.Inputs, scorers, options, log, cancellationToken).ConfigureAwait(false);
                specs.Add(new ChannelSpec(model.Name, length, scorers.PerWindow, threshold, background, Probabilities: true));
            }
            return await ChannelScan.ScanChannelsAsync(request, specs, group => ScorerFactory.Combine([.. group.Select(i => factories[i])]),
                string.Join(',', models.Select(m => m.Name)), "models", stdout, log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var factory in factories)
                factory.Dispose();
            foreach (var model in models)
                model.Dispose();
        }
    }

    /// <summary>
    /// The PWM baseline: the motif's log-odds against the input's composition (uniform for stdin), exact
    /// p-values, the same cut-offs, formats and regions as the CNN. Windows with an unknown base are
    /// skipped (as FIMO skips them) unless --max-n says otherwise.
    /// </summary>
    static async Task<ScanSummary> RunPwmAsync(ScanRequest request, Stream stdout, TextWriter log, CancellationToken cancellationToken)
    {
        var motifs = MotifReader.PickAll(request.MotifPath!, request.MotifNames);
        if (request.Options.Stride > motifs.Min(m => m.Length))
            throw InputException.ForValue("stride", $"{request.Options.Stride}", $" is longer than the motif's {motifs.Min(m => m.Length)} bp: bases between windows would not be scanned");
        bool stdin = request.Inputs.Contains(InputStreams.Stdin);
        if (stdin && motifs.Count > 1)
            throw new InputException($"-: {motifs.Count} motifs read the input once each: give a file, not stdin");
        if (request.Format == OutputFormat.BedGraph && motifs.Count > 1)
            throw new InputException($"--format bedgraph takes one motif; {request.MotifPath} gives {motifs.Count} (pick one with --motif-name)");
        var composition = stdin ? BaseComposition.Uniform : (await BaseComposition.CountAsync(request.Inputs, cancellationToken).ConfigureAwait(false)).Rounded();
        if (motifs.Count == 1)
            return await ScanMotifAsync(request, motifs[0], composition, stdin, stdout, log, cancellationToken).ConfigureAwait(false);
        log.WriteLine($"scan: {motifs.Count:N0} motifs of {request.MotifPath}, each against {composition}{(stdin ? "" : " (the input's composition)")}, with its own exact p-values");
        return await ChannelScan.ScanMotifsAsync(request, motifs, composition, stdout, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One motif: its exact null against the composition, then the scan.</summary>
    static async Task<ScanSummary> ScanMotifAsync(ScanRequest request, Motif motif, BaseComposition composition, bool stdin, Stream stdout, TextWriter log,
        CancellationToken cancellationToken)
    {
        var pwm = new PwmScoreNull(motif, composition);
        log.WriteLine($"scan: {motif.Name} ({motif.Length} bp) log-odds against {composition}{(stdin ? " (stdin: uniform)" : " (the input's composition)")}, scores {PwmScoreNull.Bits(pwm.MinScore)} to {PwmScoreNull.Bits(pwm.MaxScore)} bits");
        using var scorers = ScorerFactory.ForMotif(pwm);
        return await WriteAsync(request, motif.Name, scorers, pwm, false, stdout, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cut-off, then the scan into the chosen format; the output only on success.</summary>
    static async Task<ScanSummary> WriteAsync(ScanRequest request, string name, ScorerFactory scorers,
        IScoreNull? background, bool probabilities, Stream stdout, TextWriter log, CancellationToken cancellationToken)
    {
        var options = request.Options;
        ISequenceSource Source() => SequenceSources.Open(request.Inputs, options.Regions, scorers.WindowLength, options.ChunkSize);
        float threshold = await CutOff.ScoreAsync(request.CutOff, background, Source, request.Inputs, scorers, options, log, cancellationToken).ConfigureAwait(false);

        using var target = OutputTarget.Open(request.Output, stdout);
        var writer = new BedWriter(target.Stream);
        if (request.Header is not null)
            writer.WriteLine($"{request.Header}\tmodel={name}\tthreshold={CutOff.Format(threshold)}");
        IScanSink sink = request.Format == OutputFormat.BedGraph
            ? new BedGraphSink(options.Strands, scorers.WindowLength, options.Stride, writer, options.ParseCoordinates)
            : RegionSink.For(request, writer, name, threshold, background, probabilities);
        using var disposable = sink as IDisposable;
        var summary = await ScanPipeline.RunAsync(Source(), scorers, sink, options, log, cancellationToken).ConfigureAwait(false);
        writer.Dispose();
        target.Commit();
        return summary;
    }
}
