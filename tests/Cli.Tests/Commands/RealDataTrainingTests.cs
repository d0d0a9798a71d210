using System.Text.Json;

namespace GenomeScan.Cli.Tests.Commands;

/// <summary>
/// The default recipe on real ChIP-seq data shipped with the repository (tests/data: DeepBind's REST set,
/// 6,406 training peaks, the published 500 + 500 test): train without --arch, evaluate beside the PWMs,
/// score, scan.
/// </summary>
[Collection(GenomeScan.Tests.TorchTests.Name)]
public sealed class RealDataTrainingTests : IDisposable
{
    /// <summary>The AUROC on REST's B file this short, fixed-seed run must reach: above REST's best HOCOMOCO matrix (0.968 here).</summary>
    const double StatedAuroc = 0.98;

    static readonly string Data = Path.Combine(RepoRoot.Path, "tests", "data");
    static readonly string Train = Path.Combine(Data, "encode", "REST_GM12878_NRSF_HudsonAlpha_AC.seq.gz");
    static readonly string Test = Path.Combine(Data, "encode", "REST_GM12878_NRSF_HudsonAlpha_B.seq.gz");
    static readonly string[] Collections = ["HOCOMOCO_2017-10-17_Human.tf", "JASPAR2024_CORE_vertebrates_non-redundant_pfms_transfac.txt"];
    static readonly string[] RestMatrices = ["REST_HUMAN.H11MO.0.A", "MA0138.3_REST"];
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-real-");

    public void Dispose() => dir.Delete(true);

    [Fact]
    public void DefaultRecipeOnRestBeatsTheMatricesAndScansTheGenome()
    {
        var outDir = Path.Combine(dir.FullName, "rest");
        // Two search candidates and eight epochs keep the test short; the defaults are six and thirty.
        var run = CliRunner.Run("train", "--train", Train, "--test", Test, "--out", outDir, "--search", "2", "--epochs", "8", "--seed", "1", "-j", "2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("search 2/2:", run.Stderr);
        var model = Path.Combine(outDir, "model.onnx");
        using (var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model.json"))))
        {
            var root = meta.RootElement;
            Assert.Equal("deepbind", root.GetProperty("arch").GetString());
            Assert.Equal("search", root.GetProperty("recipe").GetString());
            Assert.Equal(2, root.GetProperty("search").GetArrayLength());
            Assert.Equal(101, root.GetProperty("window_length").GetInt32());
            Assert.Equal(64, root.GetProperty("training_data_sha256").GetString()!.Length);
        }

        // evaluate: the same sequences through ONNX Runtime, the matrices of two collections beside the model.
        foreach (var collection in Collections)
        {
            var evaluate = CliRunner.Run("evaluate", "--model", model, "--data", Test, "--motif", Path.Combine(RepoRoot.Path, "motifs", "collections", collection), "--motif-name", "REST", "--json");
            Assert.True(evaluate.ExitCode == 0, evaluate.Stderr);
            using var report = JsonDocument.Parse(evaluate.Stdout);
            double auroc = report.RootElement.GetProperty("auroc").GetDouble();
            Assert.True(auroc >= StatedAuroc, $"AUROC {auroc:F4} on REST's B file, below the stated {StatedAuroc}");
            var matrices = report.RootElement.GetProperty("matrices");
            var best = matrices.GetProperty("best");
            Assert.Contains(best.GetProperty("motif").GetString(), RestMatrices);
            Assert.True(auroc > best.GetProperty("auroc").GetDouble(), evaluate.Stdout);
            Assert.Equal(auroc - best.GetProperty("auroc").GetDouble(), matrices.GetProperty("cnn_minus_best_auroc").GetDouble(), 9);
        }
        var text = CliRunner.Run("evaluate", "--model", model, "--data", Test, "--motif", Path.Combine(RepoRoot.Path, "motifs", "collections", Collections[0]), "--motif-name", "REST");
        Assert.Contains("model vs best matrix\tauroc +", text.Stdout);

        // scan: the fast engine takes the model; p-values and regions as for any model.
        var bed = Path.Combine(dir.FullName, "rest.bed");
        var scan = CliRunner.Run("scan", Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz"), "--model", model, "-r", "chr2R:1-200000",
            "--pvalue", "1e-4", "--device", "cpu", "-o", bed, "-j", "2");
        Assert.True(scan.ExitCode == 0, scan.Stderr);
        Assert.Contains("p < 0.0001 means score >", scan.Stderr);
        Assert.All(File.ReadAllLines(bed), line => Assert.Equal("genomescan-deepbind", line.Split('\t')[3]));
        using var library = GenomeScan.Scanner.WindowModel.Open(model);
        Assert.Equal(GenomeScan.Scanner.Scoring.ScorerFactory.KernelsSupported ? GenomeScan.Scanner.ScorerKind.Kernels : GenomeScan.Scanner.ScorerKind.DenseOnnx, library.Engine);
    }
}
