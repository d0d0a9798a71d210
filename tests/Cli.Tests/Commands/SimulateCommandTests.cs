namespace GenomeScan.Cli.Tests.Commands;

public sealed class SimulateCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-simulate-");

    public void Dispose() => dir.Delete(true);

    [Fact]
    public void WritesTheSeedsTwoFilesWithTheMotifPrefix()
    {
        var result = CliRunner.Run("simulate", "--out", dir.FullName, "--count", "40", "--seed", "3");
        Assert.Equal(0, result.ExitCode);
        var train = File.ReadAllLines(Path.Combine(dir.FullName, "FOXO1_train.csv"));
        var test = File.ReadAllLines(Path.Combine(dir.FullName, "FOXO1_test.csv"));
        Assert.Equal(21, train.Length);
        Assert.Equal(21, test.Length);
        Assert.EndsWith(",99,label", train[0]);
        Assert.Equal(102, train[1].Split(',').Length);
    }

    [Fact]
    public void ABackgroundGenomeGivesTheSequencesRealFlanks()
    {
        var rng = new Random(5);
        var genome = new string(Enumerable.Range(0, 3000).Select(_ => "AAATTTGC"[rng.Next(8)]).ToArray());
        var fasta = Path.Combine(dir.FullName, "g.fa");
        File.WriteAllText(fasta, ">g\n" + genome + "\n");
        string Complement(string s) => new([.. s.Reverse().Select(c => "TGCA"["ACGT".IndexOf(c)])]);
        var result = CliRunner.Run("simulate", "--out", dir.FullName, "--count", "40", "--background", fasta);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("background 1 from", result.Stderr);
        foreach (var line in File.ReadAllLines(Path.Combine(dir.FullName, "FOXO1_train.csv")).Skip(1))
        {
            var fields = line.Split(',');
            var bases = string.Concat(fields[1..101].Select(c => "ACGT"[int.Parse(c)]));
            // The 44 bases before the centred site are a stretch of the genome, on one strand or the other.
            Assert.True(genome.Contains(bases[..44]) || Complement(genome).Contains(bases[..44]), bases);
        }
        var missing = CliRunner.Run("simulate", "--out", dir.FullName, "--background", Path.Combine(dir.FullName, "none.fa"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("none.fa", missing.Stderr);
        Assert.Single(missing.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void AnotherMotifFileNamesTheFiles()
    {
        var motif = Path.Combine(dir.FullName, "SOX2.pcm");
        File.WriteAllText(motif, ">SOX2_HUMAN.H11MO.0.A\n10 0 0 0\n0 10 0 0\n");
        var result = CliRunner.Run("simulate", "--out", dir.FullName, "--count", "8", "--length", "10", "--motif", motif);
        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(dir.FullName, "SOX2_train.csv")));
    }

    [Fact]
    public void BadMotifFileIsOneLineNamingTheFile()
    {
        var motif = Path.Combine(dir.FullName, "bad.pcm");
        File.WriteAllText(motif, ">m\n1 2 three 4\n");
        var result = CliRunner.Run("simulate", "--out", dir.FullName, "--motif", motif);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"genomescan: {motif}:2:3: 'three' is not a number\n", result.Stderr);
        Assert.Empty(Directory.GetFiles(dir.FullName, "*.csv"));
    }

    [Fact]
    public void AMotifOfACollectionIsPlantedByNameOnly()
    {
        var collection = Path.Combine(RepoRoot.Path, "motifs", "collections", "HOCOMOCO_2017-10-17_Human.tf");
        var builtIn = CliRunner.Run("simulate", "--out", Path.Combine(dir.FullName, "a"), "--count", "40", "--seed", "3");
        var picked = CliRunner.Run("simulate", "--out", Path.Combine(dir.FullName, "b"), "--count", "40", "--seed", "3", "--motif", collection, "--motif-name", "FOXO1");
        Assert.True(picked.ExitCode == 0, picked.Stderr);
        Assert.Equal(0, builtIn.ExitCode);
        // The collection's FOXO1 record is the built-in matrix: the same data.
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.FullName, "a", "FOXO1_train.csv")), File.ReadAllBytes(Path.Combine(dir.FullName, "b", "FOXO1_train.csv")));
        var unnamed = CliRunner.Run("simulate", "--out", Path.Combine(dir.FullName, "c"), "--count", "40", "--motif", collection);
        Assert.Equal(1, unnamed.ExitCode);
        Assert.Contains("771 motifs", unnamed.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir.FullName, "c")) && Directory.EnumerateFiles(Path.Combine(dir.FullName, "c")).Any());
    }
}
