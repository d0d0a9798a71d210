using System.Text;

namespace GenomeScan.Cli.Tests.Commands;

public sealed class SnakemakeWorkflowTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-snakemake-");

    public void Dispose() => dir.Delete(true);

    string Genome(string name, int seed, params int[] lengths)
    {
        var rng = new Random(seed);
        var text = new StringBuilder();
        for (int r = 0; r < lengths.Length; r++)
        {
            text.Append($">{name}_chr{r + 1}\n");
            var bases = new string(Enumerable.Range(0, lengths[r]).Select(_ => "ACGTAT"[rng.Next(6)]).ToArray());
            for (int i = 0; i < bases.Length; i += 70)
                text.Append(bases.AsSpan(i, Math.Min(70, bases.Length - i))).Append('\n');
        }
        var path = Path.Combine(dir.FullName, name + ".fa");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void PerChromosomeWorkflowGathersTheSingleProcessOutput()
    {
        Shell.Require("snakemake", "samtools", "bgzip");
        var first = Genome("first", 1, 30_000, 12_000, 250);
        var second = Genome("second", 2, 20_000, 9_000);
        Assert.Equal(0, Shell.Run($"bgzip {first}").ExitCode);
        var config = Path.Combine(dir.FullName, "config.yaml");
        File.WriteAllText(config, $"genomes: ['{first}.gz', '{second}']\ngenomescan: '{Shell.GenomeScan}'\nargs: '--pvalue 1e-3'\nout: '{dir.FullName}/hits.bed'\nworkdir: '{dir.FullName}/parts'\n");
        var snakefile = Path.Combine(RepoRoot.Path, "examples", "snakemake", "Snakefile");
        var run = Shell.Run($"snakemake --cores 2 --snakefile {snakefile} --configfile {config} --directory {dir.FullName} --quiet", dir.FullName);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var single = Shell.Run($"$GS scan -q --pvalue 1e-3 {first}.gz && $GS scan -q --pvalue 1e-3 {second}");
        Assert.Equal(0, single.ExitCode);
        Assert.NotEmpty(single.Stdout);
        Assert.Equal(single.Stdout, File.ReadAllText(Path.Combine(dir.FullName, "hits.bed")));
        // One part per chromosome.
        Assert.Equal(5, Directory.GetFiles(Path.Combine(dir.FullName, "parts"), "*.bed", SearchOption.AllDirectories).Length);
    }
}
