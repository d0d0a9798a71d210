namespace GenomeScan.Model.Architectures;

/// <summary>v3 plus a third convolution ("even deeper is even better").</summary>
internal static class V4
{
    public static Architecture Spec { get; } = new("v4", "v3 → MaxPool → Dropout → Conv1D(16, 3)",
        [.. V3.Spec.Layers, new MaxPool(2), new Dropout(), new Conv(16, 3)]);
}
