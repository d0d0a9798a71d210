using System.Text;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Cli.Tests.Commands;

/// <summary>FOXO1 sites sampled from the matrix and planted into real Drosophila sequence are found at their positions and strands.</summary>
public sealed class PlantedSitesTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-planted-");

    public void Dispose() => dir.Delete(true);

    // The repository's own real sequence (the first Mbp of dm3 chr2R, examples/), away from its start: no
    // assembly gaps there. The built-in model saw chr2R as background when it was trained, never these sites.
    const int Sites = 30, Spacing = 4_000, SegmentStart = 300_000;

    static string RealSegment(int length)
    {
        var path = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
        var run = Shell.Run($"set +o pipefail; zcat {path} | awk 'NR > 1' | tr -d '\\n' | tail -c +{SegmentStart + 1} | head -c {length} | tr acgtn ACGTN");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(length, run.Stdout.Length);
        return run.Stdout;
    }

    static string Sample(Motif motif, SeededRandom rng)
    {
        var site = new char[motif.Length];
        for (int i = 0; i < motif.Length; i++)
        {
            double u = rng.NextDouble(), sum = 0;
            int b = 0;
            for (; b < 3; b++)
                if (u < (sum += motif.Probability(i, b)))
                    break;
            site[i] = "ACGT"[b];
        }
        return new string(site);
    }

    static string ReverseComplement(string s) => new(s.Reverse().Select(c => c switch { 'A' => 'T', 'C' => 'G', 'G' => 'C', 'T' => 'A', _ => 'N' }).ToArray());

    const int Flank = 200;

    /// <summary>
    /// Scans the neighbourhood of each site (one record per site, every window on both strands) and
    /// returns each window's probability keyed by site, strand and where the window's centred motif
    /// position lies relative to the site (0: the window centred on it).
    /// </summary>
    Dictionary<(int Site, char Strand, int Offset), double> Windows(string name, string bases, List<(int Position, char Strand)> sites)
    {
        var path = Path.Combine(dir.FullName, name + ".fa");
        var text = new StringBuilder();
        for (int i = 0; i < sites.Count; i++)
            text.Append($">site{i}\n").Append(bases.AsSpan(sites[i].Position - Flank, 2 * Flank + 12)).Append('\n');
        File.WriteAllText(path, text.ToString());
        var result = CliRunner.Run("scan", "-q", path, "--threshold", "0", "--no-merge", "--stride", "1");
        Assert.Equal(0, result.ExitCode);
        var windows = new Dictionary<(int, char, int), double>();
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            // The motif sits at window offset 44 on the window's own strand: 44 from the start on +, 44 from the end on −.
            int motifStart = f[5] == "+" ? int.Parse(f[1]) + 44 : int.Parse(f[2]) - 44 - 12;
            windows[(int.Parse(f[0]["site".Length..]), f[5][0], motifStart - Flank)] = double.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture);
        }
        return windows;
    }

    [Fact]
    public void PlantedSitesAreFoundAtTheirPositionsAndStrands()
    {
        var motif = MotifReader.BuiltIn();
        var rng = new SeededRandom(2024);
        var original = RealSegment(Sites * Spacing + Spacing);
        var planted = new StringBuilder(original);
        var sites = new List<(int Position, char Strand)>();
        for (int i = 0; i < Sites; i++)
        {
            int position = Spacing / 2 + i * Spacing + rng.NextInt(200);
            char strand = i % 2 == 0 ? '+' : '-';
            var site = Sample(motif, rng);
            planted.Remove(position, 12).Insert(position, strand == '+' ? site : ReverseComplement(site));
            sites.Add((position, strand));
        }

        var withSites = Windows("planted", planted.ToString(), sites);
        var without = Windows("original", original, sites);
        Assert.Equal(Sites * 2 * (2 * Flank + 12 - 100 + 1), withSites.Count);
        int called = 0, raised = 0, otherStrandRaised = 0;
        for (int i = 0; i < Sites; i++)
        {
            char strand = sites[i].Strand, other = strand == '+' ? '-' : '+';
            double centred = withSites[(i, strand, 0)];
            if (centred > 0.5)
                called++;
            if (centred > without[(i, strand, 0)])
                raised++;
            if (withSites[(i, other, 0)] > 0.5 && without[(i, other, 0)] <= 0.5)
                otherStrandRaised++;
        }
        // The window centred on a planted site, on the site's strand, calls it and scores above the same window
        // before planting; the other strand's window does not turn positive (the models read one strand only).
        Assert.True(called >= Sites * 0.9, $"{called} of {Sites} planted sites called at p > 0.5");
        Assert.True(raised >= Sites * 0.9, $"{raised} of {Sites} centred windows scored higher with the site");
        Assert.True(otherStrandRaised <= Sites * 0.1, $"{otherStrandRaised} of {Sites} sites turned the other strand positive");
    }
}
