namespace GenomeScan.Model.Architectures;

/// <summary>v2 plus a second convolution over pooled features ("deeper is better").</summary>
internal static class V3
{
    public static Architecture Spec { get; } = new("v3", "Conv1D(64, 12) → MaxPool → Dropout → Conv1D(32, 6)",
        [new Conv(64, 12), new MaxPool(2), new Dropout(), new Conv(32, 6)]);
}
