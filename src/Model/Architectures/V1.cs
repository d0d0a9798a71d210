namespace GenomeScan.Model.Architectures;

/// <summary>The exercise's first model: one 6-wide convolution (half the motif) and a global max.</summary>
internal static class V1
{
    public static Architecture Spec { get; } = new("v1", "Conv1D(64, 6)", [new Conv(64, 6)]);
}
