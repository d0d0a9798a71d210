using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using GenomeScan.Formats.Datasets;

namespace GenomeScan.Scanner.Significance;

/// <summary>
/// The empirical null of window scores: the model's probabilities for every window, both strands, of
/// random sequence drawn i.i.d. from a background composition (or of a background FASTA). A window's
/// p-value is (1 + #null scores ≥ its score) / (1 + #null scores), so it is never 0 and is exact for
/// windows drawn from the same background. Kept sorted, highest first.
/// </summary>
public sealed class NullDistribution : IScoreNull
{
    readonly float[] descending;

    public NullDistribution(float[] scores)
    {
        descending = scores;
        Array.Sort(descending, (a, b) => b.CompareTo(a));
    }

    NullDistribution(float[] sorted, bool alreadySorted) => descending = sorted;

    public int Count => descending.Length;

    /// <summary>The smallest p-value this null can give.</summary>
    public double Resolution => 1.0 / (Count + 1);

    public int CountAtLeast(float score)
    {
        // First index whose value is below the score: everything before it is ≥ score.
        int lo = 0, hi = descending.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (descending[mid] >= score)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    public double PValue(float score) => (1.0 + CountAtLeast(score)) / (Count + 1.0);

    /// <summary>A score's level is the number of null scores at least as high.</summary>
    public int LevelOf(float score) => CountAtLeast(score);

    public double PValueOfLevel(int level) => (1.0 + level) / (Count + 1.0);

    public int LevelsUpTo(double pValue) => (int)Math.Min(Count + 1L, (long)Math.Ceiling(pValue * (Count + 1.0)) + 1);

    public float CutForLevel(int level) => level < Count ? descending[level] : float.NegativeInfinity;

    /// <summary>The probability t such that a window's p-value is below <paramref name="alpha"/> exactly when its score exceeds t.</summary>
    public float ThresholdFor(double alpha)
    {
        // p < α ⇔ 1 + k < α (n + 1) ⇔ k ≤ ⌈α (n + 1) − 1⌉ − 1, with k the count of null scores ≥ the score.
        long allowed = (long)Math.Ceiling(alpha * (Count + 1.0) - 1.0) - 1;
        if (allowed < 0)
            return float.PositiveInfinity;
        if (allowed >= Count)
            return float.NegativeInfinity;
        return descending[allowed];
    }

    public void Save(string path)
    {
        Formats.AtomicFile.WriteAllBytes(path, MemoryMarshal.AsBytes(descending.AsSpan()));
    }

    public static NullDistribution? TryLoad(string path)
    {
        try
        {
            if (!File.Exists(path))
                return null;
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0 || bytes.Length % sizeof(float) != 0)
                return null;
            return new NullDistribution(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), alreadySorted: true);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="bases"/> i.i.d. bases of the composition as a one-record FASTA.</summary>
    public static void WriteRandomFasta(string path, BaseComposition composition, int bases, ulong seed)
    {
        var rng = new SeededRandom(seed);
        double a = composition.A, ac = a + composition.C, acg = ac + composition.G;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(">background");
        var line = new char[100];
        for (int done = 0; done < bases; done += line.Length)
        {
            int n = Math.Min(line.Length, bases - done);
            for (int i = 0; i < n; i++)
            {
                double u = rng.NextDouble();
                line[i] = u < a ? 'A' : u < ac ? 'C' : u < acg ? 'G' : 'T';
            }
            writer.WriteLine(line, 0, n);
        }
    }

    /// <summary>
    /// Writes <paramref name="bases"/> bases from a first-order Markov chain with the composition's pair
    /// frequencies: sequence with the input's dinucleotide make-up (as a dinucleotide shuffle keeps it).
    /// </summary>
    public static void WriteMarkovFasta(string path, BaseComposition composition, int bases, ulong seed)
    {
        var pairs = composition.Pairs ?? throw new ArgumentException("no pair frequencies", nameof(composition));
        var rng = new SeededRandom(seed);
        var cumulative = new double[4, 4];
        for (int a = 0; a < 4; a++)
        {
            double row = 0;
            for (int b = 0; b < 4; b++)
                row += Math.Max(pairs[a * 4 + b], 1e-9);
            double sum = 0;
            for (int b = 0; b < 4; b++)
                cumulative[a, b] = sum += Math.Max(pairs[a * 4 + b], 1e-9) / row;
        }
        double[] first = [composition.A, composition.A + composition.C, composition.A + composition.C + composition.G, 1];
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(">background");
        var line = new char[100];
        int previous = -1;
        for (int done = 0; done < bases; done += line.Length)
        {
            int n = Math.Min(line.Length, bases - done);
            for (int i = 0; i < n; i++)
            {
                double u = rng.NextDouble();
                int b = 0;
                while (b < 3 && u >= (previous < 0 ? first[b] : cumulative[previous, b]))
                    b++;
                line[i] = "ACGT"[b];
                previous = b;
            }
            writer.WriteLine(line, 0, n);
        }
    }

    /// <summary>A cache file name for this model, background and size.</summary>
    public static string CacheKey(byte[] model, string background, int bases, ulong seed)
    {
        var key = new StringBuilder("genomescan-null-v1|").Append(Convert.ToHexString(SHA256.HashData(model)))
            .Append('|').Append(background).Append('|').Append(bases).Append('|').Append(seed).ToString();
        return "null-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24] + ".f32";
    }

    /// <summary>$XDG_CACHE_HOME/genomescan, else ~/.cache/genomescan; null when neither can be made.</summary>
    public static string? CacheDirectory()
    {
        try
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            var dir = Path.Combine(root, "genomescan");
            Directory.CreateDirectory(dir);
            return dir;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
