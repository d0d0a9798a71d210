using System.Globalization;
using System.Text;

namespace GenomeScan.Cli.Tests.Commands;

/// <summary>
/// <c>genomescan variants</c>: every allele's scores are the best windows of its two haplotypes (checked
/// against <c>scan</c> of haplotypes built here), the VCF goes through real bcftools and tabix, and results
/// depend neither on the thread count nor on the order of the records.
/// </summary>
public sealed class VariantsCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-variants-");
    static readonly string Motif = Path.Combine(RepoRoot.Path, "motifs", "FOXO1_HUMAN.H11MO.0.A.pcm");

    public void Dispose() => dir.Delete(true);

    static readonly string[] Calls = ["gain", "loss", "none"];

    string PathOf(string name) => Path.Combine(dir.FullName, name);

    /// <summary>
    /// Two chromosomes of random bases with FOXO1 sites planted and a run of N; indexed by samtools. The random
    /// bases hold each letter equally often, so that the genome's composition rounds to uniform, which is what
    /// <c>scan</c> takes for stdin: the same log-odds as <c>variants</c> gives.
    /// </summary>
    (string Path, Dictionary<string, string> Chroms) Genome()
    {
        var rng = new Random(15);
        string Random(int n) => new([.. Enumerable.Range(0, n).Select(i => "ACGT"[i % 4]).OrderBy(_ => rng.Next())]);
        var chroms = new Dictionary<string, string>
        {
            ["chrA"] = Random(300) + "GTAAACAAG" + Random(400) + new string('N', 30) + Random(200) + "CTTGTTTAC" + Random(300),
            ["chrB"] = Random(180),
        };
        var text = new StringBuilder();
        foreach (var (name, bases) in chroms)
        {
            text.Append('>').Append(name).Append('\n');
            for (int i = 0; i < bases.Length; i += 60)
                text.Append(bases.AsSpan(i, Math.Min(60, bases.Length - i))).Append('\n');
        }
        var path = PathOf("genome.fa");
        File.WriteAllText(path, text.ToString());
        Assert.Equal(0, Shell.Run($"samtools faidx {path}").ExitCode);
        return (path, chroms);
    }

    const string Header = "##fileformat=VCFv4.2\n##contig=<ID=chrA>\n##contig=<ID=chrB>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";

    /// <summary>SNVs in and out of the sites, an MNV, insertions and deletions, at the chromosomes' ends and beside the N run.</summary>
    static List<(string Chrom, int Pos, string Ref, string Alt)> Variants(Dictionary<string, string> chroms)
    {
        var a = chroms["chrA"];
        int site = a.IndexOf("GTAAACAA", StringComparison.Ordinal) + 1, n = a.IndexOf('N') + 1;
        string Other(int pos) => a.Substring(pos - 1, 1) == "C" ? "A" : "C";
        return
        [
            ("chrA", 1, a[..1], a[..1] == "A" ? "C" : "A"),
            ("chrA", site + 2, "A", "G"),
            ("chrA", site + 3, "A", "C"),
            ("chrA", site + 1, a.Substring(site, 3), "TTT"),
            ("chrA", site + 4, a.Substring(site + 3, 1), string.Concat(a.AsSpan(site + 3, 1), "GGGG")),
            ("chrA", site - 2, a.Substring(site - 3, 6), a.Substring(site - 3, 1)),
            ("chrA", 150, a.Substring(149, 1), a.Substring(149, 1) == "T" ? "G" : "T"),
            // 35–55 bp beside the site, where windows centred on it may or may not read them.
            .. new[] { -55, -45, -35, 35, 45, 55 }.Select(d => ("chrA", site + d, a.Substring(site + d - 1, 1), Other(site + d))),
            ("chrA", n - 1, a.Substring(n - 2, 1), string.Concat(a.AsSpan(n - 2, 1), "AC")),
            ("chrA", a.Length, a[^1..], a[^1..] == "G" ? "C" : "G"),
            ("chrB", 90, chroms["chrB"].Substring(89, 2), "CA"),
        ];
    }

    static string Vcf(IEnumerable<(string Chrom, int Pos, string Ref, string Alt)> variants) =>
        Header + string.Concat(variants.Select((v, i) => $"{v.Chrom}\t{v.Pos}\tv{i}\t{v.Ref}\t{v.Alt}\t.\tPASS\t.\n"));

    /// <summary>
    /// The best window of a haplotype by <c>scan</c>: the flanks (N past the ends) and the allele as one record,
    /// every window that reads one of the allele's bases — its first <paramref name="read"/> positions on its
    /// strand (the last ones of the window on −).
    /// </summary>
    double BestByScan(string sequence, int pos, string refAllele, string allele, int window, int read, string[] scorer)
    {
        int start = pos - 1;
        string Flank(int from, int length) => new([.. Enumerable.Range(from, length).Select(i => i >= 0 && i < sequence.Length ? sequence[i] : 'N')]);
        var haplotype = Flank(start - (window - 1), window - 1) + allele + Flank(start + refAllele.Length, window - 1);
        var fasta = PathOf("haplotype.fa");
        File.WriteAllText(fasta, $">h\n{haplotype}\n");
        var scan = Shell.Run($"$GS scan -q - --no-merge --max-n {window} {string.Join(' ', scorer)} < {fasta}");
        Assert.True(scan.ExitCode == 0, scan.Stderr);
        // The allele is at [window − 1, window − 1 + its length) of the haplotype.
        int first = window - 1, last = window - 2 + allele.Length;
        bool Reads(string[] f)
        {
            int start = int.Parse(f[1], CultureInfo.InvariantCulture);
            var (from, to) = f[5] == "+" ? (start, start + read - 1) : (start + window - read, start + window - 1);
            return from <= last && to >= first;
        }
        return scan.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Where(Reads)
            .Max(f => double.Parse(f[6], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("motif")]
    [InlineData("model")]
    public void EachAllelesScoresAreTheBestWindowsOfItsHaplotypes(string kind)
    {
        var (genome, chroms) = Genome();
        var variants = Variants(chroms);
        File.WriteAllText(PathOf("v.vcf"), Vcf(variants));
        string[] scorer = kind == "motif" ? ["--motif", Motif] : [];
        // FOXO1_HUMAN.H11MO.0.A is 12 columns wide; the built-in model's windows are 100 bp, of which it reads
        // the first 85 (WindowNetworkTests.ReadLengthIsWhatTheHeadCanReach has the arithmetic).
        int window = kind == "motif" ? 12 : 100, read = kind == "motif" ? 12 : 85;
        var run = CliRunner.Run(["variants", "-q", "--vcf", PathOf("v.vcf"), "--genome", genome, "--format", "tsv", .. scorer]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(variants.Count, lines.Length);
        string[] scanScorer = kind == "motif" ? ["--motif", Motif, "--threshold", "-1000"] : ["--threshold", "0"];
        for (int i = 0; i < variants.Count; i++)
        {
            var (chrom, pos, reference, alt) = variants[i];
            var f = lines[i];
            Assert.Equal((chrom, $"{pos}", reference, alt), (f[0], f[1], f[3], f[4]));
            double refScore = BestByScan(chroms[chrom], pos, reference, chroms[chrom].Substring(pos - 1, reference.Length), window, read, scanScorer);
            double altScore = BestByScan(chroms[chrom], pos, reference, alt, window, read, scanScorer);
            // Four decimals here against scan's six.
            Assert.True(Math.Abs(refScore - double.Parse(f[6], CultureInfo.InvariantCulture)) <= 1e-4, $"{string.Join(' ', f)}: scan gives REF {refScore}");
            Assert.True(Math.Abs(altScore - double.Parse(f[7], CultureInfo.InvariantCulture)) <= 1e-4, $"{string.Join(' ', f)}: scan gives ALT {altScore}");
            // Offsets place the best window where it reads the allele.
            foreach (var (strand, offset, length) in new[] { (f[12], f[13], reference.Length), (f[14], f[15], alt.Length) })
            {
                int at = int.Parse(offset, CultureInfo.InvariantCulture);
                if (strand == "+")
                    Assert.InRange(at, -(read - 1), length - 1);
                else
                    Assert.InRange(at, -(window - 1), length - 1 - (window - read));
            }
        }
        // Breaking the planted site's core is a loss for the matrix.
        if (kind == "motif")
            Assert.Equal("loss", lines[1][16]);
    }

    [Fact]
    public void TheVcfIsReadByBcftoolsAndIndexedByTabix()
    {
        Shell.Require("bcftools", "tabix");
        var (genome, chroms) = Genome();
        // Sorted, as tabix needs.
        var variants = Variants(chroms).OrderBy(v => v.Chrom, StringComparer.Ordinal).ThenBy(v => v.Pos).ToList();
        File.WriteAllText(PathOf("v.vcf"), Vcf(variants));
        var output = PathOf("out.vcf.gz");
        var run = CliRunner.Run("variants", "--vcf", PathOf("v.vcf"), "--genome", genome, "--motif", Motif, "-o", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"variants: {variants.Count} records, {variants.Count} alleles, {variants.Count} scored", run.Stderr);
        var index = Shell.Run($"tabix -p vcf {output}");
        Assert.True(index.ExitCode == 0, index.Stderr);
        var key = "GS_FOXO1_HUMAN.H11MO.0.A";
        var query = Shell.Run($"bcftools query -f '%CHROM\\t%POS\\t%REF\\t%ALT\\t%INFO/{key}_CALL\\t%INFO/{key}_DLOGP\\t%INFO/{key}_OFFSET\\n' {output}");
        Assert.True(query.ExitCode == 0, query.Stderr);
        var rows = query.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(variants.Select(v => $"{v.Chrom} {v.Pos} {v.Ref} {v.Alt}"), rows.Select(r => $"{r[0]} {r[1]} {r[2]} {r[3]}"));
        Assert.All(rows, r => Assert.Contains(r[4], Calls));
        Assert.All(rows, r => Assert.Equal(2, r[6].Split(',').Length));
        // A filter on our fields: the losses are exactly the rows whose call says so, and they lower -log10 p.
        var losses = Shell.Run($"bcftools view -H -i 'INFO/{key}_CALL=\"loss\"' {output} | cut -f2");
        Assert.True(losses.ExitCode == 0, losses.Stderr);
        Assert.Equal(rows.Where(r => r[4] == "loss").Select(r => r[1]), losses.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.NotEmpty(losses.Stdout.Trim());
        Assert.All(rows.Where(r => r[4] == "loss"), r => Assert.True(double.Parse(r[5], CultureInfo.InvariantCulture) <= -1));
        // A region query through the index.
        var region = Shell.Run($"bcftools view -H -r chrB {output} | wc -l");
        Assert.Equal("1", region.Stdout.Trim());
    }

    [Fact]
    public void ResultsDependNeitherOnThreadsNorOnTheOrderOfRecords()
    {
        var (genome, chroms) = Genome();
        var variants = Variants(chroms);
        // Enough alleles for both threads: every base of chrA once, to each of the other letters.
        var a = chroms["chrA"];
        var many = Enumerable.Range(1, a.Length).Where(p => a[p - 1] != 'N').SelectMany(p => "ACGT".Where(b => b != a[p - 1]).Select(b => ("chrA", p, a[(p - 1)..p], b.ToString()))).ToList();
        var all = variants.Concat(many).ToList();
        File.WriteAllText(PathOf("sorted.vcf"), Vcf(all));
        var shuffled = all.Select((v, i) => (v, i)).OrderBy(x => (x.i * 7919) % all.Count).Select(x => x.v).ToList();
        File.WriteAllText(PathOf("shuffled.vcf"), Vcf(shuffled));
        string Run(string vcf, string threads)
        {
            var run = CliRunner.Run("variants", "-q", "--vcf", PathOf(vcf), "--genome", genome, "--format", "tsv", "-j", threads);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return run.Stdout;
        }
        var one = Run("sorted.vcf", "1");
        Assert.Equal(one, Run("sorted.vcf", "2"));
        // The same lines (IDs differ with the order: drop them), in the input's order.
        static string[] Sorted(string tsv) => [.. tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => string.Join('\t', l.Split('\t').Where((_, i) => i != 2))).Order(StringComparer.Ordinal)];
        var reordered = Run("shuffled.vcf", "2");
        var (x, y) = (Sorted(one), Sorted(reordered));
        var differ = x.Zip(y).Where(p => p.First != p.Second).Take(3).Select(p => $"{p.First} | {p.Second}");
        Assert.True(x.SequenceEqual(y), string.Join('\n', differ));
        Assert.Equal(shuffled.Select(v => $"{v.Item1}\t{v.Item2}"), reordered.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => string.Join('\t', l.Split('\t').Take(2))));
    }

    /// <summary>
    /// Motifs of one width score together, a channel each, and of several widths side by side: each motif's lines
    /// are what it gives alone, whatever the others and the thread count.
    /// </summary>
    [Fact]
    public void MotifsScoredTogetherGiveWhatEachGivesAlone()
    {
        var (genome, chroms) = Genome();
        var a = chroms["chrA"];
        var all = Variants(chroms).Concat(Enumerable.Range(250, 120).Where(p => a[p - 1] != 'N').Select(p => ("chrA", p, a[(p - 1)..p], a[p - 1] == 'T' ? "A" : "T"))).ToList();
        File.WriteAllText(PathOf("v.vcf"), Vcf(all));
        var jaspar = Path.Combine(RepoRoot.Path, "motifs", "collections", "JASPAR2024_CORE_vertebrates_non-redundant_pfms_transfac.txt");
        // Widths 6, 6, 10, 9 and 7: the first two share a width, and so a pass.
        string[] names = ["MA0151.1_Arid3a", "MA0634.2_ALX3", "MA0605.3_ATF3", "MA1633.2_BACH1", "MA0480.3_Foxo1"];
        string[] Lines(string threads, params string[] picked)
        {
            var run = CliRunner.Run(["variants", "-q", "--vcf", PathOf("v.vcf"), "--genome", genome, "--format", "tsv", "--motif", jaspar, "-j", threads,
                .. picked.SelectMany(n => new[] { "--motif-name", n })]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        }
        var together = Lines("2", names);
        Assert.Equal(all.Count * names.Length, together.Length);
        Assert.Equal(together, Lines("1", names));
        foreach (var name in names)
        {
            var alone = Lines("2", name);
            Assert.Equal(all.Count, alone.Length);
            Assert.Equal(alone, together.Where(l => l.Split('\t')[5] == name));
        }
    }

    [Fact]
    public void ARefThatDoesNotMatchTheGenomeIsAnErrorNamingTheLineOrSkippedAndCounted()
    {
        var (genome, chroms) = Genome();
        var a = chroms["chrA"];
        var wrong = a[99] == 'A' ? "C" : "A";
        File.WriteAllText(PathOf("v.vcf"), Header + $"chrA\t50\t.\t{a[49]}\tN\t.\t.\t.\nchrA\t100\t.\t{wrong}\tG\t.\t.\t.\nchrZ\t5\t.\tA\tG\t.\t.\t.\nchrA\t7\t.\tA\t<DEL>\t.\t.\t.\n");
        var output = PathOf("out.vcf");
        File.WriteAllText(output, "as it was\n");
        var error = CliRunner.Run("variants", "--vcf", PathOf("v.vcf"), "--genome", genome, "--motif", Motif, "-o", output);
        Assert.Equal(1, error.ExitCode);
        var line = Assert.Single(error.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("genomescan:", StringComparison.Ordinal));
        Assert.StartsWith($"genomescan: {PathOf("v.vcf")}:6: REF {wrong} does not match the genome at chrA:100 ({a[99]})", line);
        Assert.Equal("as it was\n", File.ReadAllText(output));

        var skip = CliRunner.Run("variants", "--vcf", PathOf("v.vcf"), "--genome", genome, "--motif", Motif, "-o", output, "--ref-mismatch", "skip");
        Assert.True(skip.ExitCode == 0, skip.Stderr);
        Assert.Contains("4 records, 3 alleles, 1 scored", skip.Stderr);
        Assert.Contains("1 REF not matching the genome", skip.Stderr);
        Assert.Contains("1 chromosome not in the genome", skip.Stderr);
        Assert.Contains("1 symbolic or breakend", skip.Stderr);
        Assert.Contains($"chromosomes not in {genome}: chrZ", skip.Stderr);
        // Every site is written; only the one scored carries the fields.
        var records = File.ReadAllLines(output).Where(l => !l.StartsWith('#')).ToArray();
        Assert.Equal(4, records.Length);
        Assert.Single(records, r => r.Contains("GS_FOXO1"));
    }

    [Fact]
    public void DeviceAutoSaysWhyItFallsBackToTheCpu()
    {
        // As scan: this machine and CI have no GPU; where one is lent, CUDA loads and there is nothing to say.
        var (genome, chroms) = Genome();
        File.WriteAllText(PathOf("v.vcf"), Header + $"chrA\t50\t.\t{chroms["chrA"][49]}\tN\t.\t.\t.\n");
        var cuda = CliRunner.Run("variants", "--vcf", PathOf("v.vcf"), "--genome", genome, "--device", "cuda", "-o", PathOf("cuda.vcf"));
        if (cuda.ExitCode == 0)
            return;
        Assert.Equal(1, cuda.ExitCode);
        Assert.StartsWith("genomescan: --device cuda: the CUDA execution provider cannot load", cuda.Stderr);
        Assert.False(File.Exists(PathOf("cuda.vcf")));
        var auto = CliRunner.Run("variants", "--vcf", PathOf("v.vcf"), "--genome", genome, "--device", "auto", "-o", PathOf("auto.vcf"));
        Assert.True(auto.ExitCode == 0, auto.Stderr);
        Assert.Contains("variants: CUDA execution provider unavailable", auto.Stderr);
    }

    /// <summary>A deletion in a repeat, left-aligned or shifted right: one alternate haplotype, one alternate score.</summary>
    [Fact]
    public void AnIndelLeftAlignedOrNotHasOneAlternateHaplotype()
    {
        var (genome, chroms) = Genome();
        var a = chroms["chrA"];
        // A repeat to delete from, written into a copy of the genome at 120: ...X ACACAC Y...; deleting one AC.
        var edited = string.Concat(a.AsSpan(0, 120), "ACACAC", a.AsSpan(126));
        File.WriteAllText(genome, ">chrA\n" + edited + "\n>chrB\n" + chroms["chrB"] + "\n");
        File.Delete(genome + ".fai");
        char before = edited[119];
        // Left-aligned: POS 120 REF xAC ALT x; shifted right by two: POS 122 REF CAC ALT C (both delete one AC).
        File.WriteAllText(PathOf("v.vcf"), Header + $"chrA\t120\tleft\t{before}AC\t{before}\t.\t.\t.\nchrA\t122\tright\tCAC\tC\t.\t.\t.\n");
        var run = CliRunner.Run("variants", "-q", "--vcf", PathOf("v.vcf"), "--genome", genome, "--format", "tsv", "--motif", Motif);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var rows = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(2, rows.Length);
        // Each spelling builds the same haplotype; each scores the placements overlapping its own ALT.
        foreach (var (row, pos, reference, alt) in new[] { (rows[0], 120, $"{before}AC", $"{before}"), (rows[1], 122, "CAC", "C") })
        {
            double expected = BestByScan(edited, pos, reference, alt, 12, 12, ["--motif", Motif, "--threshold", "-1000"]);
            Assert.True(Math.Abs(expected - double.Parse(row[7], CultureInfo.InvariantCulture)) <= 1e-4, $"{string.Join(' ', row)}: scan gives {expected}");
        }
    }

    /// <summary>BED: per allele, the stronger allele's best window in reference coordinates, as its offset says.</summary>
    [Fact]
    public void BedHoldsTheStrongerAllelesBestWindow()
    {
        var (genome, chroms) = Genome();
        var variants = Variants(chroms).Where(v => v.Ref.Length == 1 && v.Alt.Length == 1).ToList();
        File.WriteAllText(PathOf("v.vcf"), Vcf(variants));
        string[] common = ["variants", "-q", "--vcf", PathOf("v.vcf"), "--genome", genome, "--motif", Motif];
        var tsv = CliRunner.Run([.. common, "--format", "tsv"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToArray();
        var bed = CliRunner.Run([.. common, "--format", "bed"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(variants.Count, bed.Length);
        for (int i = 0; i < bed.Length; i++)
        {
            var t = tsv[i];
            bool alt = double.Parse(t[10], CultureInfo.InvariantCulture) < double.Parse(t[9], CultureInfo.InvariantCulture);
            long start = long.Parse(t[1], CultureInfo.InvariantCulture) - 1 + int.Parse(alt ? t[15] : t[13], CultureInfo.InvariantCulture);
            Assert.Equal(Math.Max(0, start).ToString(CultureInfo.InvariantCulture), bed[i][1]);
            Assert.Equal(Math.Max(1, start + 12).ToString(CultureInfo.InvariantCulture), bed[i][2]);
            Assert.Equal(alt ? t[14] : t[12], bed[i][5]);
            Assert.EndsWith($"|{(alt ? "alt" : "ref")}|{t[16]}", bed[i][3]);
        }
    }
}
