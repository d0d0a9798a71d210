using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using GenomeScan.Formats;

namespace GenomeScan.Scanner.Scoring;

/// <summary>The requested engine cannot serve this model (its graph is not of the family the dense engines understand).</summary>
internal sealed class EngineUnavailableException(string source, ScanEngine engine)
    : InputException($"{source}: the {engine} engine does not understand this model's graph; use the window engine")
{
    public string Model { get; } = source;
    public ScanEngine Engine { get; } = engine;
}

/// <summary>
/// The one place that knows which engine serves which network on which CPU: scan, the tests and the
/// benchmarks all get their scorers here. One factory per scan; <see cref="Create"/> gives each worker
/// thread a scorer with its own buffers. The environment variable <see cref="OverrideVariable"/>
/// (auto, dense, dense-onnx, window) replaces an <see cref="ScanEngine.Auto"/> request, for tests and
/// benchmarks; <c>DOTNET_EnableAVX512=0</c> makes the kernels take their 256-bit path.
/// </summary>
internal sealed class ScorerFactory : IDisposable
{
    public const string OverrideVariable = "GENOMESCAN_ENGINE";

    readonly Func<IWindowScorer> create;
    readonly IDisposable? owned;

    ScorerFactory(ScorerKind kind, int windowLength, Func<IWindowScorer> create, IDisposable? owned = null, int channels = 1)
    {
        Kind = kind;
        Channels = channels;
        WindowLength = windowLength;
        this.create = create;
        this.owned = owned;
    }

    public ScorerKind Kind { get; }

    /// <summary>Scores per window and strand (several motifs of one width); 1 for every model.</summary>
    public int Channels { get; }

    public int WindowLength { get; }

    /// <summary>Whether batches carry windows one by one (the window scorer) rather than segments of contiguous sequence.</summary>
    public bool PerWindow => Kind is ScorerKind.Window;

    /// <summary>Whether this CPU runs our kernels: 256-bit vectors and fused multiply-add (Vector512 is used where present).</summary>
    public static bool KernelsSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>A scorer with its own buffers, for one worker thread.</summary>
    public IWindowScorer Create() => create();

    /// <summary>The engine for a model: see <see cref="ScanEngine"/>; <paramref name="segmentBases"/> and <paramref name="batchSize"/> size the batches.</summary>
    public static ScorerFactory ForModel(OnnxWindowClassifier model, ScanEngine engine, int segmentBases, int batchSize)
    {
        engine = Resolve(engine);
        if (engine is ScanEngine.Auto or ScanEngine.Dense && model.Device == ExecutionDevice.Cpu
            && ForKernels(WindowNetwork.TryRead(model.ModelBytes), model.WindowLength, segmentBases) is { } kernels)
            return kernels;
        if (engine != ScanEngine.Window)
        {
            var dense = DenseScanModel.TryCreate(model, 1);
            if (dense is not null)
                return new ScorerFactory(ScorerKind.DenseOnnx, model.WindowLength, () => new DenseOnnxScorer(dense, segmentBases), dense);
            if (engine != ScanEngine.Auto)
                throw new EngineUnavailableException(model.Source, engine);
        }
        return new ScorerFactory(ScorerKind.Window, model.WindowLength, () => new OnnxWindowScorer(model, batchSize));
    }

    /// <summary>Our kernels for a network read from a graph (or built in code), or null when neither kernel takes it or this CPU cannot run them.</summary>
    internal static ScorerFactory? ForKernels(WindowNetwork? network, int windowLength, int segmentBases)
    {
        // The kernel made to learn whether one applies serves the first worker.
        var first = KernelsSupported ? Kernel(network, windowLength, segmentBases) : null;
        return first is null ? null
            : new ScorerFactory(ScorerKind.Kernels, windowLength, () => Interlocked.Exchange(ref first, null) ?? Kernel(network, windowLength, segmentBases)!);
    }

    /// <summary>A motif's PWM as a window model (exact integer scores on the 0.01-bit grid).</summary>
    public static ScorerFactory ForMotif(PwmScoreNull pwm, PwmKernel? kernel = null) => ForMotifs([pwm], kernel);

    /// <summary>
    /// Several motifs of one width scoring the same windows, motif c in channel c; <paramref name="kernel"/>
    /// (default: the best this CPU runs, <see cref="PwmScorer.Supported"/> lists them) sums their columns.
    /// </summary>
    public static ScorerFactory ForMotifs(IReadOnlyList<PwmScoreNull> pwms, PwmKernel? kernel = null)
    {
        if (pwms.Count == 0 || pwms.Any(p => p.Width != pwms[0].Width))
            throw new ArgumentException("motifs scanned together are of one width", nameof(pwms));
        var chosen = kernel ?? PwmScorer.Best;
        return new(ScorerKind.Pwm, pwms[0].Width, () => new PwmScorer(pwms, chosen), null, pwms.Count);
    }

    /// <summary>
    /// Several models of one window length (and batch layout) scoring the same windows, model c into channel c:
    /// each model's scorer runs on the batch in turn, last first, and its scores move to their channel, so the
    /// scorers need not know about channels. The factories stay the caller's.
    /// </summary>
    public static ScorerFactory Combine(IReadOnlyList<ScorerFactory> factories)
    {
        if (factories.Count == 0 || factories.Any(f => f.WindowLength != factories[0].WindowLength || f.PerWindow != factories[0].PerWindow || f.Channels != 1))
            throw new ArgumentException("models scored together have one window length and batch layout", nameof(factories));
        return new(factories[0].Kind, factories[0].WindowLength, () => new ChannelScorer([.. factories.Select(f => f.Create())]), null, factories.Count);
    }

    /// <summary>Any scorer, for tests of the pipeline itself.</summary>
    internal static ScorerFactory Custom(ScorerKind kind, int windowLength, Func<IWindowScorer> create) => new(kind, windowLength, create);

    /// <summary>The engine an <see cref="ScanEngine.Auto"/> request gets under <see cref="OverrideVariable"/>.</summary>
    public static ScanEngine Resolve(ScanEngine requested) => Resolve(requested, Environment.GetEnvironmentVariable(OverrideVariable));

    internal static ScanEngine Resolve(ScanEngine requested, string? value)
    {
        if (requested != ScanEngine.Auto || value is not { Length: > 0 })
            return requested;
        return Parse(value) ?? throw new InputException($"{OverrideVariable}={value}: not one of auto, dense, dense-onnx, window");
    }

    /// <summary>The engine named as on the command line (shared and shared-onnx are the old names of dense and dense-onnx).</summary>
    public static ScanEngine? Parse(string name) => name switch
    {
        "auto" => ScanEngine.Auto,
        "dense" or "shared" => ScanEngine.Dense,
        "dense-onnx" or "shared-onnx" => ScanEngine.DenseOnnx,
        "window" => ScanEngine.Window,
        _ => null,
    };

    /// <summary>
    /// One-convolution models (v1, v2), deeper ones (v3–v7) or DeepBind-style heads: the three kernels take
    /// disjoint families. Only networks of finite weights: the kernels' ReLU and pools are the CPU's own max
    /// (<see cref="Kernels.Activation.Relu"/>), which reads a NaN as the other operand; ONNX Runtime propagates
    /// it, so a network with a NaN or infinite weight is left to ONNX Runtime.
    /// </summary>
    static IWindowScorer? Kernel(WindowNetwork? network, int windowLength, int segmentBases) =>
        network is not { IsFinite: true } ? null
        : (IWindowScorer?)FusedConvMaxScorer.TryCreate(network, windowLength, segmentBases)
        ?? (IWindowScorer?)ConvStackScorer.TryCreate(network, windowLength, segmentBases)
        ?? PooledHeadScorer.TryCreate(network, windowLength, segmentBases);

    public void Dispose() => owned?.Dispose();

    /// <summary>One scorer per channel; channel c's scores are scorer c's.</summary>
    sealed class ChannelScorer(IWindowScorer[] scorers) : IWindowScorer, IDisposable
    {
        public void Score(WindowBatch batch, Strands strands)
        {
            for (int c = scorers.Length - 1; c >= 0; c--)
            {
                scorers[c].Score(batch, strands);
                if (c == 0)
                    break;
                batch.Plus.AsSpan(0, batch.Count).CopyTo(batch.Plus.AsSpan(c * batch.Capacity));
                batch.Minus.AsSpan(0, batch.Count).CopyTo(batch.Minus.AsSpan(c * batch.Capacity));
            }
        }

        public void Dispose()
        {
            foreach (var scorer in scorers)
                (scorer as IDisposable)?.Dispose();
        }
    }
}
