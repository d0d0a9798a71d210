using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Tests.Datasets;

public sealed class GenomeBackgroundTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-background-");

    public void Dispose() => dir.Delete(true);

    /// <summary>A genome of random bases (soft-masked in part), an N run, and a record shorter than the stretches.</summary>
    (string Path, string[] Records) WriteGenome()
    {
        var rng = new Random(3);
        string Bases(int n) => new(Enumerable.Range(0, n).Select(_ => "ACGT"[rng.Next(4)]).ToArray());
        var gapped = Bases(900).ToCharArray();
        for (int i = 400; i < 420; i++)
            gapped[i] = 'N';
        string[] records = [new string(gapped), Bases(500), Bases(30)];
        var path = Path.Combine(dir.FullName, "genome.fa");
        File.WriteAllText(path, string.Concat(records.Select((r, i) => $">r{i}\n{r[..Math.Min(100, r.Length)].ToLowerInvariant()}{r[Math.Min(100, r.Length)..]}\n")));
        return (path, records);
    }

    static string Text(ReadOnlySpan<byte> codes) => new([.. codes.ToArray().Select(c => "ACGTN"[c])]);

    static string ReverseComplement(string s) => new([.. s.Reverse().Select(c => "TGCA"["ACGT".IndexOf(c)])]);

    [Fact]
    public void StretchesComeFromTheGenomeOnBothStrandsWithoutUnknownBases()
    {
        var (path, records) = WriteGenome();
        var background = GenomeBackground.Read(path, 50);
        var rng = new SeededRandom(11);
        var stretch = new byte[50];
        int forward = 0, reverse = 0;
        var starts = new HashSet<(int, int)>();
        for (int i = 0; i < 2_000; i++)
        {
            background.Draw(rng, stretch);
            var text = Text(stretch);
            Assert.DoesNotContain('N', text);
            bool onPlus = records.Any(r => r.Contains(text)), onMinus = records.Any(r => r.Contains(ReverseComplement(text)));
            Assert.True(onPlus || onMinus, $"{text} is in neither strand of the genome");
            forward += onPlus ? 1 : 0;
            reverse += onMinus ? 1 : 0;
            for (int r = 0; r < records.Length; r++)
                if (records[r].IndexOf(text, StringComparison.Ordinal) is >= 0 and var at)
                    starts.Add((r, at));
        }
        // Both strands, both long records, and many different positions.
        Assert.InRange(forward, 800, 1_200);
        Assert.InRange(reverse, 800, 1_200);
        Assert.Contains(starts, s => s.Item1 == 0);
        Assert.Contains(starts, s => s.Item1 == 1);
        Assert.True(starts.Count > 300, $"only {starts.Count} distinct positions");
        Assert.Equal(1_400, background.Bases);
    }

    [Fact]
    public void TheSameSeedDrawsTheSameStretches()
    {
        var (path, _) = WriteGenome();
        var background = GenomeBackground.Read(path, 40);
        byte[] Draws(ulong seed)
        {
            var rng = new SeededRandom(seed);
            var all = new byte[40 * 100];
            for (int i = 0; i < 100; i++)
                background.Draw(rng, all.AsSpan(i * 40, 40));
            return all;
        }
        Assert.Equal(Draws(5), Draws(5));
        Assert.NotEqual(Draws(5), Draws(6));
    }

    [Fact]
    public void AGenomeWithoutACleanStretchIsAnErrorNamingTheFile()
    {
        var path = Path.Combine(dir.FullName, "gaps.fa");
        File.WriteAllText(path, ">a\n" + new string('N', 300) + "\n>b\nACGT\n");
        var error = Assert.Throws<InputException>(() => GenomeBackground.Read(path, 100));
        Assert.Contains("gaps.fa", error.Message);
    }

    [Fact]
    public void SimulatedSequencesTakeTheirFlanksFromTheGenomeAndTheSiteFromTheMatrix()
    {
        var (path, records) = WriteGenome();
        var motif = MotifReader.BuiltIn();
        var background = GenomeBackground.Read(path, 100);
        var (train, test) = MotifDatasetSimulator.Simulate(motif, new SimulationOptions(400, 100, 3, background));
        foreach (var data in new[] { train, test })
            for (int r = 0; r < data.Count; r++)
            {
                var text = Text(data.Row(r));
                // Negatives are genome stretches; positives are too outside the centred 12 bp.
                bool Matches(string s) => records.Any(g => Enumerable.Range(0, Math.Max(0, g.Length - 99)).Any(at =>
                    Enumerable.Range(0, 100).All(p => (data.Labels[r] == 1 && p >= 44 && p < 56) || g[at + p] == s[p])));
                Assert.True(Matches(text) || Matches(ReverseComplement(text)), $"row {r} ({data.Labels[r]}) is not from the genome");
            }
        // The sites still follow the matrix: the consensus base is the commonest at each site column.
        var positives = Enumerable.Range(0, train.Count).Where(r => train.Labels[r] == 1).Select(r => train.Row(r).ToArray()).ToArray();
        for (int p = 0; p < motif.Length; p++)
        {
            int best = Enumerable.Range(0, Alphabet.Size).MaxBy(b => motif.Probability(p, b));
            if (motif.Probability(p, best) > 0.7)
                Assert.Equal(best, Enumerable.Range(0, Alphabet.Size).MaxBy(b => positives.Count(row => row[44 + p] == b)));
        }
    }

    [Fact]
    public void WithoutABackgroundOrWithAFractionOfZeroTheSeedsDataIsUnchanged()
    {
        var motif = MotifReader.BuiltIn();
        var (path, _) = WriteGenome();
        var plain = MotifDatasetSimulator.Simulate(motif, new SimulationOptions(200, 100, 9));
        var none = MotifDatasetSimulator.Simulate(motif, new SimulationOptions(200, 100, 9, null, 0.5));
        var zero = MotifDatasetSimulator.Simulate(motif, new SimulationOptions(200, 100, 9, GenomeBackground.Read(path, 100), 0));
        Assert.Equal(plain.Train.Codes, none.Train.Codes);
        Assert.Equal(plain.Train.Codes, zero.Train.Codes);
        Assert.Equal(plain.Test.Codes, zero.Test.Codes);
    }
}
