using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;
using GenomeScan.Model.Architectures;
using GenomeScan.Model.Interpretation;
using GenomeScan.Model.Onnx;
using static TorchSharp.torch;

namespace GenomeScan.Model.Tests.Interpretation;

[Collection(GenomeScan.Tests.TorchTests.Name)]
public class FilterAnalysisTests
{
    [Fact]
    public void FindsDeadAndCorrelatedFilters()
    {
        random.manual_seed(3);
        using var net = new ConvNet(V1.Spec, 0.2);
        using (no_grad())
        {
            var conv = (TorchSharp.Modules.Conv1d)net.named_modules().First(m => m.module is TorchSharp.Modules.Conv1d).module;
            // Filter 5 can never fire; filter 7 is a copy of filter 6 (scaled): perfectly correlated.
            conv.weight![5].zero_();
            conv.bias![5].fill_(-1);
            conv.weight![7].copy_(conv.weight![6] * 2);
        }
        var bytes = OnnxExporter.Export(net, 100, "{}");
        var data = MotifDatasetSimulator.Simulate(MotifReader.BuiltIn(), new SimulationOptions(Count: 200)).Train;
        var report = FilterAnalysis.Analyse(bytes, "v1", data, [MotifReader.BuiltIn()], shuffles: 10);
        Assert.Equal(64, report.Filters.Count);
        Assert.True(report.Filters[5].Dead);
        Assert.Null(report.Filters[5].BestMatch);
        Assert.Equal(1, report.Filters.Count(f => f.Dead));
        Assert.Contains(report.CorrelatedPairs, p => p.A == 6 && p.B == 7 && p.Correlation > 0.999);
        Assert.All(report.Filters.Where(f => !f.Dead), f => Assert.InRange(f.InformationContent, 0, 2 * 6));
    }
}
