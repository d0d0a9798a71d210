using System.Globalization;
using GenomeScan.Model.Architectures;

namespace GenomeScan.Cli.Tests.Commands;

/// <summary>Several models in one scan: the separate scans merged and sorted, whatever their window lengths.</summary>
[Collection(GenomeScan.Tests.TorchTests.Name)]
public sealed class ScanModelsTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-models-");

    public void Dispose() => dir.Delete(true);

    [Theory]
    [InlineData("bed")]
    [InlineData("narrowpeak")]
    public void SeveralModelsAreTheirScansMergedAndSorted(string format)
    {
        // Two models of 100-bp windows (one pass) and two DeepBind-style ones of 101 bp (another).
        string Write(string name, byte[] bytes)
        {
            var path = Path.Combine(dir.FullName, name + ".onnx");
            File.WriteAllBytes(path, bytes);
            return path;
        }
        string[] models =
        [
            Path.Combine(RepoRoot.Path, "models", "builtin.onnx"),
            Write("v2", RandomModels.Create(V2.Spec, 3)),
            Write("deepbind_a", RandomModels.Create(DeepBindNet.Spec, 4, 101)),
            Write("deepbind_b", RandomModels.Create(DeepBindNet.Spec, 5, 101)),
        ];
        var genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
        string[] common = ["scan", "-q", genome, "-r", "chr2R:1-200000", "--device", "cpu", "--format", format, "--pvalue", "1e-3"];
        var all = CliRunner.Run([.. common, .. models.SelectMany(m => new[] { "--model", m })]);
        Assert.True(all.ExitCode == 0, all.Stderr);
        var singles = models.SelectMany((m, i) =>
        {
            var one = CliRunner.Run([.. common, "--model", m]);
            Assert.True(one.ExitCode == 0, one.Stderr);
            Assert.NotEmpty(one.Stdout);
            return one.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (Line: line, Model: i));
        }).ToList();
        var expected = singles.OrderBy(x => long.Parse(x.Line.Split('\t')[1], CultureInfo.InvariantCulture))
            .ThenBy(x => x.Line.Split('\t')[5] == "+" ? 0 : 1).ThenBy(x => x.Model).Select(x => x.Line + "\n");
        Assert.Equal(string.Concat(expected), all.Stdout);
        Assert.Equal(4, all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[3]).Distinct().Count());
    }
}
