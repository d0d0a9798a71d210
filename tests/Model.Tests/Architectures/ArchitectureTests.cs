using GenomeScan.Model.Architectures;
using static TorchSharp.torch;

namespace GenomeScan.Model.Tests.Architectures;

[Collection(GenomeScan.Tests.TorchTests.Name)]
public class ArchitectureTests
{
    [Theory]
    [InlineData("v1", 1_665)]
    [InlineData("v2", 3_201)]
    [InlineData("v3", 15_489)]
    [InlineData("v4", 17_025)]
    [InlineData("v5", 17_281)]
    [InlineData("v6", 17_809)]
    [InlineData("v7", 6_241)]
    public void ParameterCountsMatchTheSeedsSummaries(string name, int expected)
    {
        var arch = ArchitectureCatalog.Find(name)!;
        Assert.Equal(expected, arch.ParameterCount());
        // The TorchSharp module agrees with the arithmetic.
        using var net = new ConvNet(arch, 0.2);
        Assert.Equal(expected, net.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void V5OutputShapesMatchTheSeed()
    {
        var shapes = V5.Spec.Shapes(100).Select(s => (s.Length, s.Channels)).ToArray();
        (int, int)[] expected = [(89, 64), (44, 64), (44, 64), (39, 32), (19, 32), (19, 32), (17, 16), (8, 16), (8, 16), (7, 8)];
        Assert.Equal(expected, shapes);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v3")]
    [InlineData("v6")]
    public void ForwardGivesOneLogitPerWindow(string name)
    {
        random.manual_seed(1);
        using var net = new ConvNet(ArchitectureCatalog.Find(name)!, 0.2);
        net.eval();
        using var x = rand(7, 100, 4);
        using var logits = net.forward(x);
        Assert.Equal([7L], logits.shape);
    }

    [Fact]
    public void TooShortWindowsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => V6.Spec.Shapes(40));
    }

    [Fact]
    public void SummaryListsLayersShapesAndTotal()
    {
        var text = ModelSummary.Format(V5.Spec, 100);
        Assert.Contains("(None, 89, 64)", text);
        Assert.Contains("3,136", text);
        Assert.Contains("(None, 7, 8)", text);
        Assert.Contains("Total params: 17,281", text);
    }
}
