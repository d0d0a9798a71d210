namespace GenomeScan.Model.Architectures;

/// <summary>
/// Ours, not the exercise's: v5 with one more Conv1D(16, 2) → MaxPool → Dropout block before its last
/// convolution (17,809 parameters). The extra pooling level lets the last layers see where in the
/// window the motif sits, which a position-specific task rewards; it stays a stack of convolutions and
/// pools ending in a global max, so the shared-computation engine can scan it at stride 1.
/// </summary>
internal static class V6
{
    public static Architecture Spec { get; } = new("v6", "v4 → MaxPool → Dropout → Conv1D(16, 2) → MaxPool → Dropout → Conv1D(8, 2) (ours)",
        [.. V4.Spec.Layers, new MaxPool(2), new Dropout(), new Conv(16, 2), new MaxPool(2), new Dropout(), new Conv(8, 2)], Ours: true);
}
