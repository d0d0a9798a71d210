using System.Text.Json;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Cli.Tests.Commands;

public sealed class FiltersCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-filters-");

    public void Dispose() => dir.Delete(true);

    string TrainV2()
    {
        var data = Path.Combine(dir.FullName, "data");
        Assert.Equal(0, CliRunner.Run("simulate", "--out", data, "--count", "6000", "--seed", "11").ExitCode);
        var models = Path.Combine(dir.FullName, "models");
        var train = CliRunner.Run("train", "--arch", "v2", "--train", Path.Combine(data, "FOXO1_train.csv"), "--test", Path.Combine(data, "FOXO1_test.csv"),
            "--out", models, "--epochs", "5", "--seed", "3");
        Assert.Equal(0, train.ExitCode);
        return Path.Combine(models, "v2.onnx");
    }

    [Fact]
    public void AfterTrainingV2TheBestFilterIsFoxo1()
    {
        var model = TrainV2();
        var result = CliRunner.Run("filters", "--model", model, "--json", "--shuffles", "200");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var filters = json.RootElement.GetProperty("filters").EnumerateArray().ToList();
        Assert.Equal(64, filters.Count);
        var best = filters.Where(f => f.GetProperty("best_match").ValueKind == JsonValueKind.Object)
            .Max(f => f.GetProperty("best_match").GetProperty("correlation").GetDouble());
        Assert.True(best >= 0.8, $"best filter–FOXO1 correlation {best}");
        Assert.All(filters, f => Assert.Equal(12, f.GetProperty("frequencies").GetArrayLength()));

        var meme = CliRunner.Run("filters", "--model", model, "--format", "meme", "--shuffles", "0");
        Assert.Equal(0, meme.ExitCode);
        Assert.StartsWith("MEME version 4", meme.Stdout);
        var motifs = MotifReader.Parse(meme.Stdout, "filters.meme");
        Assert.Equal(filters.Count(f => !f.GetProperty("dead").GetBoolean()), motifs.Count);
        Assert.All(motifs, m => Assert.Equal(12, m.Length));
    }

    [Fact]
    public void ComparisonFindsAMotifInItselfAtOffsetZeroAndItsReverseComplementOnTheMinusStrand()
    {
        var foxo1 = MotifReader.BuiltIn();
        var matrix = foxo1.Probabilities;
        var rng = new GenomeScan.Formats.Datasets.SeededRandom(1);
        var self = GenomeScan.Model.Interpretation.FilterAnalysis.Compare(matrix, foxo1, 100, rng);
        Assert.Equal((0, '+'), (self.Offset, self.Strand));
        Assert.Equal(1.0, self.Correlation, 9);
        var reverse = new double[12, 4];
        for (int j = 0; j < 12; j++)
            for (int b = 0; b < 4; b++)
                reverse[11 - j, 3 - b] = matrix[j, b];
        var rc = GenomeScan.Model.Interpretation.FilterAnalysis.Compare(reverse, foxo1, 100, rng);
        Assert.Equal('-', rc.Strand);
        Assert.Equal(1.0, rc.Correlation, 9);
        Assert.True(rc.PValue < 0.05);
    }
}
