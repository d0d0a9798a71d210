namespace GenomeScan.Scanner;

/// <summary>
/// What a scan asks for. Auto: the dense engine when the model's graph is understood, else the window
/// engine. Dense: every window of a stretch of sequence in one pass — through our SIMD kernels on a CPU
/// with AVX2 and FMA, else through the model's dense form in ONNX Runtime. DenseOnnx: the dense form in
/// ONNX Runtime always. Window: each window through the model on its own (any ONNX window classifier).
/// </summary>
public enum ScanEngine
{
    /// <summary>Dense when the model's graph is understood, else window.</summary>
    Auto,

    /// <summary>Every window of a stretch in one pass: our kernels on a CPU with AVX2 and FMA, else the dense form in ONNX Runtime.</summary>
    Dense,

    /// <summary>The dense form in ONNX Runtime always.</summary>
    DenseOnnx,

    /// <summary>Each window through the model on its own (any ONNX window classifier).</summary>
    Window,
}

/// <summary>What serves a scan, once the model, the device and the CPU are known.</summary>
public enum ScorerKind
{
    /// <summary>Our SIMD kernels for the exercise's family of networks.</summary>
    Kernels,

    /// <summary>The model's dense form in ONNX Runtime.</summary>
    DenseOnnx,

    /// <summary>ONNX Runtime, window by window.</summary>
    Window,

    /// <summary>A motif's position weight matrix.</summary>
    Pwm,
}
