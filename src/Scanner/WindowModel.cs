using GenomeScan.Formats;

namespace GenomeScan.Scanner;

/// <summary>Where ONNX Runtime runs a model: Auto is CUDA when it loads, else the CPU.</summary>
public enum ExecutionDevice
{
    /// <summary>CUDA when its provider loads, else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>CUDA, or an error when it cannot load.</summary>
    Cuda,
}

/// <summary>How a model is opened: the device, the engine, and the batch sizes its scorers use.</summary>
public sealed record ModelOptions
{
    /// <summary>Auto: CUDA when it loads, else the CPU (<see cref="WindowModel.FallbackReason"/> says why).</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>The engine asked for.</summary>
    public ScanEngine Engine { get; init; } = ScanEngine.Auto;

    /// <summary>Dense engines: the most bases one pass covers.</summary>
    public int SegmentBases { get; init; } = new ScanOptions().SegmentBases;

    /// <summary>The window engine: windows per inference batch.</summary>
    public int BatchSize { get; init; } = new ScanOptions().BatchSize;
}

/// <summary>
/// A window classifier ready to score: an ONNX model (input [N, L, 4] one-hot A C G T, output a
/// probability) and the engine that serves it on this machine — our SIMD kernels, its dense form in ONNX
/// Runtime, or ONNX Runtime window by window. Thread-safe; each thread scores through its own
/// <see cref="CreateScorer"/>.
/// </summary>
public sealed class WindowModel : IDisposable
{
    readonly OnnxWindowClassifier classifier;

    WindowModel(OnnxWindowClassifier classifier, ModelOptions options)
    {
        this.classifier = classifier;
        try
        {
            Scorers = ScorerFactory.ForModel(classifier, options.Engine, options.SegmentBases, options.BatchSize);
            Options = options;
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>The model at <paramref name="path"/>; an unreadable or unusable file is an <see cref="InputException"/> naming it.</summary>
    public static WindowModel Open(string path, ModelOptions? options = null) =>
        new(OnnxWindowClassifier.Load(path, (options ?? new()).Device, 1), options ?? new());

    /// <summary>A model from its ONNX bytes; <paramref name="name"/> names it in messages.</summary>
    public static WindowModel Open(byte[] onnx, string name, ModelOptions? options = null) =>
        new(OnnxWindowClassifier.Load(onnx, name, (options ?? new()).Device, 1), options ?? new());

    /// <summary>The model built into genomescan (FOXO1, 100-bp windows; see models/README.md).</summary>
    public static WindowModel BuiltIn(ModelOptions? options = null) =>
        new(OnnxWindowClassifier.LoadBuiltIn((options ?? new()).Device, 1), options ?? new());

    /// <summary>The model's name: from its metadata, else its file name.</summary>
    public string Name => classifier.Name;

    /// <summary>The path the model came from, or its given name.</summary>
    public string Source => classifier.Source;

    /// <summary>The bases one window holds.</summary>
    public int WindowLength => classifier.WindowLength;

    /// <summary>Where ONNX Runtime runs the model.</summary>
    public ExecutionDevice Device => classifier.Device;

    /// <summary>Why an <see cref="ExecutionDevice.Auto"/> request fell back to the CPU, or null.</summary>
    public string? FallbackReason => classifier.FallbackReason;

    /// <summary>What scores this model here.</summary>
    public ScorerKind Engine => Scorers.Kind;

    internal ModelOptions Options { get; }

    internal ScorerFactory Scorers { get; }

    internal OnnxWindowClassifier Classifier => classifier;

    /// <summary>A scorer with its own buffers, for one thread.</summary>
    public WindowScorer CreateScorer() => new(this);

    /// <summary>Releases the ONNX Runtime sessions.</summary>
    public void Dispose()
    {
        Scorers.Dispose();
        classifier.Dispose();
    }
}
