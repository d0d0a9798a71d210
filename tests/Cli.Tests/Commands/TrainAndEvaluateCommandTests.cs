using System.Text.Json;

namespace GenomeScan.Cli.Tests.Commands;

[Collection(GenomeScan.Tests.TorchTests.Name)]
public sealed class TrainAndEvaluateCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-train-");
    string DataDir => Path.Combine(dir.FullName, "data");
    string TrainCsv => Path.Combine(DataDir, "FOXO1_train.csv");
    string TestCsv => Path.Combine(DataDir, "FOXO1_test.csv");

    public TrainAndEvaluateCommandTests()
    {
        Assert.Equal(0, CliRunner.Run("simulate", "--out", DataDir, "--count", "2000", "--seed", "5").ExitCode);
    }

    public void Dispose() => dir.Delete(true);

    [Fact]
    public void TrainWritesModelMetadataReportAndPlotThenEvaluateScoresIt()
    {
        var outDir = Path.Combine(dir.FullName, "out");
        var train = CliRunner.Run("train", "--arch", "v2", "--train", TrainCsv, "--test", TestCsv, "--out", outDir, "--epochs", "2", "-j", "2");
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("v2 Epoch 2/2 - ", train.Stderr);
        Assert.Matches(@"loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}", train.Stderr);
        foreach (var file in new[] { "v2.onnx", "v2.json", "v2_learning.csv", "v2_learning.png" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "v2.json")));
        Assert.Equal("v2", meta.RootElement.GetProperty("arch").GetString());
        Assert.Equal(3201, meta.RootElement.GetProperty("parameters").GetInt32());
        // The exercise's data: its sites lie on the given strand, at the centre.
        Assert.Equal("given", meta.RootElement.GetProperty("strands").GetString());
        Assert.Equal(0, meta.RootElement.GetProperty("max_shift").GetInt32());
        Assert.Equal(64, meta.RootElement.GetProperty("training_data_sha256").GetString()!.Length);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "v2_learning.csv")).Length);

        var evaluate = CliRunner.Run("evaluate", "--model", Path.Combine(outDir, "v2.onnx"), "--data", TestCsv, "--json");
        Assert.Equal(0, evaluate.ExitCode);
        using var report = JsonDocument.Parse(evaluate.Stdout);
        foreach (var key in new[] { "accuracy", "auroc", "auprc", "logloss" })
            Assert.InRange(report.RootElement.GetProperty(key).GetDouble(), 0, 10);
        // The accuracy ONNX Runtime measures is the one training reported for its last epoch.
        Assert.Equal(meta.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble(), report.RootElement.GetProperty("accuracy").GetDouble(), 3);
        // The file is named FOXO1_*: the generator's ceilings come with it.
        Assert.InRange(report.RootElement.GetProperty("ceilings").GetProperty("bayes_optimal").GetDouble(), 0.97, 0.99);
    }

    [Fact]
    public void AllTrainsTheSeedsFiveAndWritesTheComparison()
    {
        var outDir = Path.Combine(dir.FullName, "all");
        var train = CliRunner.Run("train", "--arch", "all", "--train", TrainCsv, "--test", TestCsv, "--out", outDir, "--epochs", "1");
        Assert.Equal(0, train.ExitCode);
        var table = File.ReadAllLines(Path.Combine(outDir, "comparison.csv"));
        Assert.Equal(["v1", "v2", "v3", "v4", "v5"], table.Skip(1).Select(l => l.Split(',')[0]));
        Assert.True(File.Exists(Path.Combine(outDir, "comparison.md")));
        Assert.True(File.Exists(Path.Combine(outDir, "comparison.png")));
    }

    [Fact]
    public void FoldsReportMeanAndBand()
    {
        var outDir = Path.Combine(dir.FullName, "cv");
        var train = CliRunner.Run("train", "--arch", "v1", "--train", TrainCsv, "--test", TestCsv, "--out", outDir, "--epochs", "2", "--folds", "3");
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("3-fold validation accuracy", train.Stderr);
        var perEpoch = File.ReadAllLines(Path.Combine(outDir, "v1_cv.csv"));
        Assert.Equal(3, perEpoch.Length);
        var cells = perEpoch[2].Split(',');
        double mean = double.Parse(cells[7], System.Globalization.CultureInfo.InvariantCulture);
        double lo = double.Parse(cells[9], System.Globalization.CultureInfo.InvariantCulture);
        double hi = double.Parse(cells[10], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(lo <= mean && mean <= hi);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(outDir, "v1_cv_folds.csv")).Length);
        Assert.True(File.Exists(Path.Combine(outDir, "v1_cv.png")));
    }

    [Fact]
    public void BuiltInModelHoldsItsAccuracyOnDataItHasNeverSeen()
    {
        var fresh = Path.Combine(dir.FullName, "fresh");
        Assert.Equal(0, CliRunner.Run("simulate", "--out", fresh, "--count", "8000", "--seed", "987654").ExitCode);
        var evaluate = CliRunner.Run("evaluate", "--data", Path.Combine(fresh, "FOXO1_test.csv"), "--json");
        Assert.Equal(0, evaluate.ExitCode);
        using var report = JsonDocument.Parse(evaluate.Stdout);
        Assert.True(report.RootElement.GetProperty("accuracy").GetDouble() >= 0.955, evaluate.Stdout);
    }

    [Theory]
    [InlineData("train", "--arch", "v9", "--train", "a", "--test", "b", "--out", "c")]
    [InlineData("train", "--arch", "v1", "--train", "a", "--test", "b", "--out", "c", "--epochs", "0")]
    [InlineData("train", "--arch", "v1", "--train", "a", "--test", "b", "--out", "c", "--folds", "1")]
    [InlineData("train", "--arch", "v1", "--train", "a", "--test", "b", "--out", "c", "--class-weight", "heavy")]
    [InlineData("evaluate")]
    public void BadOptionsAreOneLineUsageErrors(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void BadDataIsOneLineNamingFileAndLine()
    {
        var bad = Path.Combine(dir.FullName, "bad.csv");
        File.WriteAllText(bad, ",0,1,label\n0,1,9,1\n");
        var train = CliRunner.Run("train", "--arch", "v1", "--train", bad, "--test", TestCsv, "--out", Path.Combine(dir.FullName, "x"));
        Assert.Equal(1, train.ExitCode);
        Assert.Equal($"genomescan: {bad}:2:3: base code '9' is not one of 0..3 (A C G T)\n", train.Stderr);
        var evaluate = CliRunner.Run("evaluate", "--data", bad);
        Assert.Equal(1, evaluate.ExitCode);
        Assert.StartsWith($"genomescan: {bad}:2:3:", evaluate.Stderr);
    }

    [Fact]
    public void ModelsPrintsKerasStyleSummaries()
    {
        var result = CliRunner.Run("models");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Total params: 17,281", result.Stdout);
        Assert.Contains("Built-in model:", result.Stdout);
    }
}
