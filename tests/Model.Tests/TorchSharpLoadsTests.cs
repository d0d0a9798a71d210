using TorchSharp;

namespace GenomeScan.Model.Tests;

public class TorchSharpLoadsTests
{
    // Fails when libLibTorchSharp.so cannot load (see build/TorchSharpGlibcxx.targets).
    [Fact]
    public void RunsATensorOperation()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = torch.tensor(new float[] { 4, 5, 6 });
        using var dot = torch.dot(a, b);
        Assert.Equal(32f, dot.item<float>());
    }
}
