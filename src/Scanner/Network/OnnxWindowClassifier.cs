using GenomeScan.Formats;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GenomeScan.Scanner.Network;

/// <summary>
/// Any ONNX window classifier with input [N, L, 4] (one-hot A C G T) and a probability output [N, 1] or
/// [N], run by ONNX Runtime. <see cref="Device"/> says which provider runs it; <see cref="FallbackReason"/>
/// says why <c>auto</c> fell back to the CPU.
/// </summary>
internal sealed class OnnxWindowClassifier : IDisposable
{
    public const string BuiltInSource = "built-in";
    readonly InferenceSession session;
    readonly string inputName;
    readonly string outputName;
    readonly RunOptions runOptions = new();

    OnnxWindowClassifier(InferenceSession session, byte[] bytes, string source, ExecutionDevice device, string? fallback)
    {
        this.session = session;
        ModelBytes = bytes;
        Source = source;
        Device = device;
        FallbackReason = fallback;
        Check(session, source);
        var input = session.InputMetadata.Single();
        var output = session.OutputMetadata.First();
        inputName = input.Key;
        outputName = output.Key;
        var dims = input.Value.Dimensions;
        if (dims.Length != 3 || dims[2] != 4 || dims[1] <= 0)
            throw new InputException($"{source}: model input {inputName} has shape [{string.Join(", ", dims)}], expected [N, L, 4] with a fixed window length L");
        var outDims = output.Value.Dimensions;
        if (outDims.Length > 2 || (outDims.Length == 2 && outDims[1] != 1))
            throw new InputException($"{source}: model output {outputName} has shape [{string.Join(", ", outDims)}], expected [N, 1] or [N]");
        WindowLength = dims[1];
        if (session.ModelMetadata.CustomMetadataMap.TryGetValue(ModelMetadata.OnnxKey, out var json))
            Metadata = ModelMetadata.FromJson(json);
    }

    /// <summary>
    /// What a window classifier is, beyond the shapes checked below: one float input, a float output, and a
    /// batch axis of any size — else a one-line "not a window classifier" at load time, not a failure mid-scan.
    /// </summary>
    static void Check(InferenceSession session, string source)
    {
        string Not(string why) => $"{source}: not a window classifier: {why}; genomescan needs one float input [N, L, 4] and one float output [N, 1] or [N], N any";
        if (session.InputMetadata.Count != 1)
            throw new InputException(Not($"it has {session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys)})"));
        var (inputName, input) = session.InputMetadata.Single();
        if (input.ElementDataType != TensorElementType.Float)
            throw new InputException(Not($"its input {inputName} holds {input.ElementDataType}"));
        if (session.OutputMetadata.Count == 0)
            throw new InputException(Not("it has no output"));
        var (outputName, output) = session.OutputMetadata.First();
        if (output.ElementDataType != TensorElementType.Float)
            throw new InputException(Not($"its output {outputName} holds {output.ElementDataType}"));
        if (input.Dimensions.Length == 3 && input.Dimensions[0] > 0)
            throw new InputException(Not($"its input {inputName} takes exactly {input.Dimensions[0]} window{(input.Dimensions[0] == 1 ? "" : "s")} at a time (export it with a dynamic batch axis)"));
    }

    public string Source { get; }

    /// <summary>The ONNX model as loaded, for engines that rebuild it (see <see cref="DenseScanGraph"/>).</summary>
    public byte[] ModelBytes { get; }
    public ExecutionDevice Device { get; }
    public string? FallbackReason { get; }
    public int WindowLength { get; }
    public ModelMetadata? Metadata { get; }

    /// <summary>Refuses a model whose metadata names another alphabet than A C G T (the scanners' one-hot order).</summary>
    public void RequireAcgt()
    {
        if (Metadata is { Alphabet: { } alphabet } && alphabet != "ACGT")
            throw new InputException($"{Source}: model alphabet '{alphabet}' is not ACGT");
    }
    public string Name => Metadata?.Name is { Length: > 0 } n ? n : Path.GetFileNameWithoutExtension(Source);

    public static OnnxWindowClassifier Load(string path, ExecutionDevice device = ExecutionDevice.Cpu, int threads = 0)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read model: {e.Message}", e);
        }
        return Load(bytes, path, device, threads);
    }

    /// <summary>The model embedded in genomescan (see models/README.md for how it was trained).</summary>
    public static OnnxWindowClassifier LoadBuiltIn(ExecutionDevice device = ExecutionDevice.Cpu, int threads = 0)
    {
        using var stream = typeof(OnnxWindowClassifier).Assembly.GetManifestResourceStream("GenomeScan.Scanner.builtin.onnx")
            ?? throw new InvalidOperationException("this build has no built-in model (models/builtin.onnx was missing at build time)");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Load(copy.ToArray(), BuiltInSource, device, threads);
    }

    static OnnxWindowClassifier()
    {
        // ONNX Runtime logs a failed CUDA load as an error of its own; we report the fallback in one line.
        var options = new EnvironmentCreationOptions { logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        OrtEnv.CreateInstanceWithOptions(ref options);
    }

    /// <summary>The model at <paramref name="path"/>, or the built-in one when it is null.</summary>
    public static OnnxWindowClassifier LoadOrBuiltIn(string? path, ExecutionDevice device = ExecutionDevice.Cpu, int threads = 0) =>
        path is null ? LoadBuiltIn(device, threads) : Load(path, device, threads);

    public static OnnxWindowClassifier Load(byte[] model, string source, ExecutionDevice device, int threads)
    {
        var options = new SessionOptions { ExecutionMode = ExecutionMode.ORT_SEQUENTIAL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        if (threads > 0)
            options.IntraOpNumThreads = threads;
        string? fallback = null;
        var used = ExecutionDevice.Cpu;
        if (device != ExecutionDevice.Cpu)
        {
            try
            {
                options.AppendExecutionProvider_CUDA(0);
                used = ExecutionDevice.Cuda;
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                if (device == ExecutionDevice.Cuda)
                    throw InputException.ForValue("device", "cuda", $": the CUDA execution provider cannot load: {FirstLine(e.Message)}");
                fallback = $"CUDA execution provider unavailable ({FirstLine(e.Message)}); using the CPU";
            }
        }
        InferenceSession session;
        try
        {
            session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InputException($"{source}: not a model ONNX Runtime can load: {FirstLine(e.Message)}", e);
        }
        try
        {
            return new OnnxWindowClassifier(session, model, source, used, fallback);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>Probabilities for <paramref name="count"/> one-hot windows laid out [count, L, 4].</summary>
    public void Predict(float[] oneHot, int count, Span<float> probabilities)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, oneHot.AsMemory(0, count * WindowLength * 4), [count, WindowLength, 4]);
        using var results = session.Run(runOptions, [inputName], [input], [outputName]);
        results[0].GetTensorDataAsSpan<float>()[..count].CopyTo(probabilities);
    }

    public float[] Predict(float[] oneHot, int count)
    {
        var result = new float[count];
        Predict(oneHot, count, result);
        return result;
    }

    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }
}
