namespace GenomeScan.Scanner;

/// <summary>
/// What a scan asks for. Auto: the dense engine when the model's graph is understood, else the window
/// engine. Dense: every window of a stretch of sequence in one pass — through our SIMD kernels on a CPU
/// with AVX2 and FMA, else through the model's dense form in ONNX Runtime. DenseOnnx: the dense form in
/// ONNX Runtime always. Window: each window through the model on its own (any ONNX window classifier).
/// </summary>
public enum ScanEngine { Auto, Dense, DenseOnnx, Window }

/// <summary>What serves a scan, once the model, the device and the CPU are known.</summary>
public enum ScorerKind { Kernels, DenseOnnx, Window, Pwm }
