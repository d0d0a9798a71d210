using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Datasets;

/// <summary>How to simulate the exercise's data set.</summary>
/// <param name="Count">How many sequences, half with a site.</param>
/// <param name="Length">Each sequence's length in bases.</param>
/// <param name="Seed">The random seed.</param>
/// <param name="Background">Draw background bases from this genome instead of uniform i.i.d. bases.</param>
/// <param name="BackgroundFraction">With a background genome, the fraction of sequences (each class alike) drawn from it; the rest stay uniform.</param>
internal sealed record SimulationOptions(int Count = 20_000, int Length = 100, ulong Seed = 0, GenomeBackground? Background = null, double BackgroundFraction = 1);

/// <summary>
/// The exercise's generator: half the sequences uniform i.i.d. bases (label 0), half with one motif site
/// drawn from the matrix at the centre, start (Length − w) / 2, and uniform bases elsewhere (label 1).
/// Sequences are numbered 0..Count−1 (uniform first), then split at random into train and test with
/// each class halved (train takes the extra one of an odd half); rows of each file are shuffled.
/// With a <see cref="GenomeBackground"/>, a sequence of either class (all of them, or the given fraction)
/// takes its bases from a random stretch of the genome instead, positives with the site written over
/// the centre — so that the model learns the motif against real sequence rather than against uniform
/// bases only. Without one, the random stream is the exercise's and the files stay byte-identical.
/// </summary>
internal static class MotifDatasetSimulator
{
    public static (LabelledDataset Train, LabelledDataset Test) Simulate(Motif motif, SimulationOptions options)
    {
        if (options.Count < 4 || options.Count % 2 != 0)
            throw InputException.ForValue("count", $"{options.Count}", ": must be an even number of at least 4");
        if (options.BackgroundFraction is < 0 or > 1)
            throw InputException.ForValue("background-fraction", $"{options.BackgroundFraction}", ": must be between 0 and 1");
        if (options.Background is { } bg && bg.Length != options.Length)
            throw new ArgumentException("the background's stretch length must be the sequence length", nameof(options));
        if (options.Length < motif.Length)
            throw InputException.ForValue("length", $"{options.Length}", $" is shorter than motif {motif.Name} ({motif.Length} bp)");

        var rng = new SeededRandom(options.Seed);
        int perClass = options.Count / 2;
        int length = options.Length;
        var codes = new byte[options.Count * length];
        var labels = new byte[options.Count];
        int motifStart = (length - motif.Length) / 2;
        var cumulative = Cumulative(motif);

        for (int row = 0; row < options.Count; row++)
        {
            var bases = codes.AsSpan(row * length, length);
            bool planted = row >= perClass;
            labels[row] = planted ? (byte)1 : (byte)0;
            if (options.Background is { } genome && options.BackgroundFraction > 0 && (options.BackgroundFraction >= 1 || rng.NextDouble() < options.BackgroundFraction))
            {
                genome.Draw(rng, bases);
                if (planted)
                    for (int i = 0; i < motif.Length; i++)
                        bases[motifStart + i] = Draw(cumulative, i, rng.NextDouble());
                continue;
            }
            for (int p = 0; p < length; p++)
            {
                int offset = p - motifStart;
                bases[p] = planted && offset >= 0 && offset < motif.Length
                    ? Draw(cumulative, offset, rng.NextDouble())
                    : (byte)rng.NextInt(Alphabet.Size);
            }
        }

        var negatives = Enumerable.Range(0, perClass).ToArray();
        var positives = Enumerable.Range(perClass, perClass).ToArray();
        rng.Shuffle(negatives.AsSpan());
        rng.Shuffle(positives.AsSpan());
        int trainPerClass = (perClass + 1) / 2;
        var train = negatives[..trainPerClass].Concat(positives[..trainPerClass]).ToArray();
        var test = negatives[trainPerClass..].Concat(positives[trainPerClass..]).ToArray();
        rng.Shuffle(train.AsSpan());
        rng.Shuffle(test.AsSpan());

        var all = new LabelledDataset(length, codes, labels, Enumerable.Range(0, options.Count).ToArray());
        return (all.Select(train), all.Select(test));
    }

    static double[,] Cumulative(Motif motif)
    {
        var result = new double[motif.Length, Alphabet.Size];
        for (int i = 0; i < motif.Length; i++)
        {
            double sum = 0;
            for (int b = 0; b < Alphabet.Size; b++)
                result[i, b] = sum += motif.Probability(i, b);
        }
        return result;
    }

    static byte Draw(double[,] cumulative, int position, double u)
    {
        for (byte b = 0; b < Alphabet.Size - 1; b++)
            if (u < cumulative[position, b])
                return b;
        return Alphabet.Size - 1;
    }

    /// <summary>Writes <c>DIR/PREFIX_train.csv</c> and <c>DIR/PREFIX_test.csv</c>; returns their paths.</summary>
    public static (string TrainPath, string TestPath) WriteFiles(string directory, string prefix, LabelledDataset train, LabelledDataset test)
    {
        Directory.CreateDirectory(directory);
        var trainPath = Path.Combine(directory, $"{prefix}_train.csv");
        var testPath = Path.Combine(directory, $"{prefix}_test.csv");
        DatasetCsv.Write(trainPath, train);
        DatasetCsv.Write(testPath, test);
        return (trainPath, testPath);
    }
}
