using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Formats.Tests.Datasets;

public class MotifDatasetSimulatorTests
{
    static readonly Motif Foxo1 = MotifReader.BuiltIn();

    [Fact]
    public void MakesTwoBalancedHalvesOfTheRequestedSize()
    {
        var (train, test) = MotifDatasetSimulator.Simulate(Foxo1, new SimulationOptions());
        Assert.Equal(10_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(5_000, train.Positives);
        Assert.Equal(5_000, test.Positives);
        Assert.Equal(100, train.Length);
        // Every simulated sequence lands in exactly one file.
        Assert.Equal(Enumerable.Range(0, 20_000), train.RowIds.Concat(test.RowIds).Order());
    }

    [Fact]
    public void CentreColumnsFollowTheMatrixAndFlanksAreUniform()
    {
        var (train, test) = MotifDatasetSimulator.Simulate(Foxo1, new SimulationOptions(Seed: 7));
        foreach (var label in new byte[] { 0, 1 })
        {
            var counts = new int[100, 4];
            int n = 0;
            foreach (var data in new[] { train, test })
                for (int r = 0; r < data.Count; r++)
                {
                    if (data.Labels[r] != label)
                        continue;
                    n++;
                    var row = data.Row(r);
                    for (int p = 0; p < 100; p++)
                        counts[p, row[p]]++;
                }
            Assert.Equal(10_000, n);
            for (int p = 0; p < 100; p++)
                for (int b = 0; b < 4; b++)
                {
                    bool inMotif = label == 1 && p >= 44 && p < 56;
                    double expected = inMotif ? Foxo1.Probability(p - 44, b) : 0.25;
                    double observed = counts[p, b] / (double)n;
                    // Five standard errors (plus a floor for p near 0): fails on a wrong matrix or offset.
                    double tolerance = 5 * Math.Sqrt(Math.Max(expected * (1 - expected), 0.0025) / n);
                    Assert.True(Math.Abs(observed - expected) <= tolerance,
                        $"label {label} position {p} base {b}: observed {observed:F4}, expected {expected:F4}");
                }
        }
    }

    [Fact]
    public void SameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot()
    {
        var root = Directory.CreateTempSubdirectory("gs-sim-");
        try
        {
            string Write(string name, ulong seed)
            {
                var (train, test) = MotifDatasetSimulator.Simulate(Foxo1, new SimulationOptions(Count: 400, Seed: seed));
                var (trainPath, testPath) = MotifDatasetSimulator.WriteFiles(Path.Combine(root.FullName, name), "FOXO1", train, test);
                return File.ReadAllText(trainPath) + File.ReadAllText(testPath);
            }
            var first = Write("a", 3);
            Assert.Equal(first, Write("b", 3));
            Assert.NotEqual(first, Write("c", 4));
        }
        finally
        {
            root.Delete(true);
        }
    }

    [Fact]
    public void OddHalvesGiveTrainTheExtraSequence()
    {
        var (train, test) = MotifDatasetSimulator.Simulate(Foxo1, new SimulationOptions(Count: 6));
        Assert.Equal(4, train.Count);
        Assert.Equal(2, test.Count);
        Assert.Equal(2, train.Positives);
        Assert.Equal(1, test.Positives);
    }

    [Theory]
    [InlineData(3, 100)]
    [InlineData(2, 100)]
    [InlineData(20, 11)]
    public void RejectsImpossibleOptions(int count, int length)
    {
        Assert.Throws<InputException>(() => MotifDatasetSimulator.Simulate(Foxo1, new SimulationOptions(count, length)));
    }
}
