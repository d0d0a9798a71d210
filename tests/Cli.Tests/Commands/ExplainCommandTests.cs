using System.Globalization;

namespace GenomeScan.Cli.Tests.Commands;

public sealed class ExplainCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-explain-");

    public void Dispose() => dir.Delete(true);

    [Theory]
    [InlineData('+')]
    [InlineData('-')]
    public void MutationsThatMatterLieInThePlantedMotifOnItsStrand(char strand)
    {
        var rng = new Random(5);
        var bases = Enumerable.Range(0, 400).Select(_ => "ACGT"[rng.Next(4)]).ToArray();
        // The FOXO1 consensus at 0-based 200..211, on the + strand or as its reverse complement.
        var site = strand == '+' ? "TTCCTGTTTACT" : "AGTAAACAGGAA";
        site.CopyTo(0, bases, 200, 12);
        var fasta = Path.Combine(dir.FullName, "g.fa");
        File.WriteAllText(fasta, ">g\n" + new string(bases) + "\n");
        var png = Path.Combine(dir.FullName, "ism.png");
        var result = CliRunner.Run("explain", fasta, "--region", "g:101-350", "--png", png);
        Assert.Equal(0, result.ExitCode);
        Assert.True(new FileInfo(png).Length > 1000);
        var rows = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#') && !l.StartsWith("chrom")).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(100, rows.Length);
        Assert.All(rows, r => Assert.Equal(strand.ToString(), r[2]));
        // The strongest effect of a substitution is inside the site (genomic 201..212, 1-based).
        var strongest = rows.MaxBy(r => r.Skip(4).Max(v => Math.Abs(double.Parse(v, CultureInfo.InvariantCulture))))!;
        Assert.InRange(long.Parse(strongest[1]), 201, 212);
        // The window explained is the one centring the site: the site starts at model position 44.
        var atSite = rows.Where(r => long.Parse(r[1]) is >= 201 and <= 212).Select(r => r[3]).ToArray();
        // Read in the model's order, the site is the consensus on either strand.
        Assert.Equal("TTCCTGTTTACT", string.Concat(atSite));
    }
}
