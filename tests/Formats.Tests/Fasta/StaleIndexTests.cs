using System.Text;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Tests.Fasta;

/// <summary>
/// Indexes that no longer describe their file (issue 14): one older than the file is built again; one that
/// claims to be current but is not is caught when the region is read — a one-line error naming the fix —
/// never wrong bases; a bgzip file compressed again after indexing gets its .gzi built again.
/// </summary>
public sealed class StaleIndexTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-stale-");

    public void Dispose() => dir.Delete(true);

    static string Bases(int n, int seed)
    {
        var rng = new Random(seed);
        return new string(Enumerable.Range(0, n).Select(_ => "ACGT"[rng.Next(4)]).ToArray());
    }

    static string Fasta(params (string Name, string Bases)[] records) =>
        string.Concat(records.Select(r => $">{r.Name}\n" + string.Concat(r.Bases.Chunk(60).Select(line => new string(line) + "\n"))));

    static string Read(string path, string chrom, long from, long to)
    {
        var fasta = IndexedFasta.Open(path);
        var entry = fasta.Entry(chrom);
        var text = new StringBuilder();
        foreach (var chunk in fasta.ReadChunks(new FastaRecord(0, chrom, 1), entry, from, to, 1000))
            text.Append(string.Concat(chunk.Span.ToArray().Select(Alphabet.Letter)));
        return text.ToString();
    }

    [Fact]
    public void AnIndexOlderThanItsFileIsBuiltAgain()
    {
        var path = Path.Combine(dir.FullName, "g.fa");
        string a = Bases(5000, 1), b = Bases(8000, 2);
        File.WriteAllText(path, Fasta(("chrA", a), ("chrB", b)));
        Assert.Equal(b[1000..1500], Read(path, "chrB", 1000, 1500));
        // A longer header shifts every base of the file; the file is now newer than its index.
        File.WriteAllText(path, Fasta(("chrA_with_a_longer_name", a), ("chrB", b)));
        File.SetLastWriteTimeUtc(path + ".fai", DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal(b[1000..1500], Read(path, "chrB", 1000, 1500));
        Assert.Contains("chrA_with_a_longer_name", File.ReadAllText(path + ".fai"));
    }

    [Theory]
    [InlineData("header")]
    [InlineData("line width")]
    [InlineData("space")]
    public void AnIndexThatLooksCurrentButIsNotIsAnErrorNotWrongBases(string change)
    {
        var path = Path.Combine(dir.FullName, "g.fa");
        string a = Bases(5000, 1), b = Bases(8000, 2);
        File.WriteAllText(path, Fasta(("chrA", a), ("chrB", b)));
        Read(path, "chrB", 0, 10);
        var changed = change switch
        {
            "header" => Fasta(("chrA_longer", a), ("chrB", b)),
            "line width" => Fasta(("chrA", a)) + ">chrB\n" + string.Concat(b.Chunk(50).Select(l => new string(l) + "\n")),
            _ => Fasta(("chrA", a), ("chrB", b)).Replace(b[..60] + "\n", b[..30] + " " + b[30..60] + "\n"),
        };
        File.WriteAllText(path, changed);
        // The index claims to be newer than the file (a copy with its times kept, a clock skew).
        File.SetLastWriteTimeUtc(path + ".fai", DateTime.UtcNow.AddMinutes(5));
        var error = Assert.Throws<InputException>(() => Read(path, "chrB", 0, 200));
        Assert.Contains("the .fai index does not match the file", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ABgzipFileCompressedAgainGetsItsGziBuiltAgain()
    {
        Shell.Require("bgzip");
        var plain = Path.Combine(dir.FullName, "g.fa");
        string a = Bases(300_000, 1), b = Bases(200_000, 2);
        File.WriteAllText(plain, Fasta(("chrA", a), ("chrB", b)));
        var path = plain + ".gz";
        Assert.Equal(0, Shell.Run($"bgzip -c -l 1 {plain} > {path}").ExitCode);
        Assert.Equal(b[150_000..150_100], Read(path, "chrB", 150_000, 150_100));
        // The same text compressed harder: its blocks move; the indexes keep their (newer) times.
        Assert.Equal(0, Shell.Run($"bgzip -c -l 9 {plain} > {path}").ExitCode);
        File.SetLastWriteTimeUtc(path + ".gzi", DateTime.UtcNow.AddMinutes(5));
        File.SetLastWriteTimeUtc(path + ".fai", DateTime.UtcNow.AddMinutes(5));
        Assert.Equal(b[150_000..150_100], Read(path, "chrB", 150_000, 150_100));
        Assert.Equal(a[299_000..], Read(path, "chrA", 299_000, 300_000));
    }

    /// <summary>Spaces inside sequence lines: no index is built that would count them as bases (samtools counts 10,000 where such a builder said 10,600).</summary>
    [Fact]
    public void SpacesInsideSequenceLinesAreRefusedWhenIndexing()
    {
        var path = Path.Combine(dir.FullName, "spaced.fa");
        File.WriteAllText(path, ">chrA\nACGTACGTAC\nACGT ACGTA\n");
        var error = Assert.Throws<InputException>(() => IndexedFasta.Open(path));
        Assert.StartsWith($"{path}:3: cannot index record chrA: a space or tab inside a sequence line", error.Message);
        Assert.False(File.Exists(path + ".fai"));
    }
}
