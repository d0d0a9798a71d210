using Microsoft.ML.OnnxRuntime;

namespace GenomeScan.Scanner.Network;

/// <summary>
/// ONNX Runtime session over a <see cref="DenseScanGraph"/>: scores every window start of stretches of
/// sequence at once. Thread-safe: workers share one session and bring their own buffers.
/// </summary>
internal sealed class DenseScanModel : IDisposable
{
    readonly InferenceSession session;
    readonly RunOptions runOptions = new();

    DenseScanModel(InferenceSession session, int windowLength)
    {
        this.session = session;
        WindowLength = windowLength;
    }

    public int WindowLength { get; }

    /// <summary>The shared form of a loaded window classifier, on the same device; null when its graph is not understood.</summary>
    public static DenseScanModel? TryCreate(OnnxWindowClassifier classifier, int threads)
    {
        var graph = DenseScanGraph.TryBuild(classifier.ModelBytes, classifier.WindowLength);
        if (graph is null)
            return null;
        var options = new SessionOptions { ExecutionMode = ExecutionMode.ORT_SEQUENTIAL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        if (threads > 0)
            options.IntraOpNumThreads = threads;
        if (classifier.Device == ExecutionDevice.Cuda)
            options.AppendExecutionProvider_CUDA(0);
        return new DenseScanModel(new InferenceSession(graph, options), classifier.WindowLength);
    }

    /// <summary>
    /// Scores <paramref name="batch"/> one-hot sequences of <paramref name="length"/> bases laid out
    /// [batch, length, 4]; writes each one's length − L + 1 window probabilities to <paramref name="scores"/>
    /// (row r at r · (length − L + 1)).
    /// </summary>
    public void Score(float[] oneHot, int batch, int length, Span<float> scores)
    {
        int windows = length - WindowLength + 1;
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, oneHot.AsMemory(0, batch * length * 4), [batch, length, 4]);
        using var results = session.Run(runOptions, [DenseScanGraph.InputName], [input], [DenseScanGraph.OutputName]);
        var output = results[0];
        int produced = (int)output.GetTensorTypeAndShape().Shape[2];
        var values = output.GetTensorDataAsSpan<float>();
        for (int r = 0; r < batch; r++)
            values.Slice(r * produced, windows).CopyTo(scores[(r * windows)..]);
    }

    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }
}
