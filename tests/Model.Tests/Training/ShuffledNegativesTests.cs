using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Sequences;
using GenomeScan.Model.Training;

namespace GenomeScan.Model.Tests.Training;

public class ShuffledNegativesTests
{
    static Dictionary<(byte, byte), int> Pairs(ReadOnlySpan<byte> codes)
    {
        var counts = new Dictionary<(byte, byte), int>();
        for (int i = 0; i + 1 < codes.Length; i++)
            counts[(codes[i], codes[i + 1])] = counts.GetValueOrDefault((codes[i], codes[i + 1])) + 1;
        return counts;
    }

    [Fact]
    public void EachPositiveGetsAShuffleWithItsPairCountsAndItsUnknownsInPlace()
    {
        var rng = new Random(5);
        const int rows = 50, length = 101;
        var codes = new byte[rows * length];
        for (int i = 0; i < codes.Length; i++)
            codes[i] = (byte)(rng.Next(20) == 0 ? Alphabet.Unknown : rng.Next(4));
        var positives = new LabelledDataset(length, codes, Enumerable.Repeat((byte)1, rows).ToArray(), Enumerable.Range(0, rows).ToArray());
        var data = ShuffledNegatives.AddTo(positives, seed: 3);
        Assert.Equal(2 * rows, data.Count);
        Assert.Equal(rows, data.Positives);
        Assert.Equal(data.RowIds.Length, data.RowIds.Distinct().Count());
        int changed = 0;
        for (int r = 0; r < rows; r++)
        {
            var original = data.Row(r);
            var shuffled = data.Row(rows + r);
            Assert.Equal(0, data.Labels[rows + r]);
            // Pair counts kept exactly (pairs across an unknown base included, since unknowns stay put).
            Assert.Equal(Pairs(original).OrderBy(p => p.Key), Pairs(shuffled).OrderBy(p => p.Key));
            for (int i = 0; i < length; i++)
                Assert.Equal(original[i] == Alphabet.Unknown, shuffled[i] == Alphabet.Unknown);
            changed += original.SequenceEqual(shuffled) ? 0 : 1;
        }
        Assert.True(changed > rows * 9 / 10, $"only {changed} of {rows} shuffles differ from their positive");
        // Seeded: the same seed gives the same negatives.
        Assert.Equal(data.Codes, ShuffledNegatives.AddTo(positives, seed: 3).Codes);
    }
}
