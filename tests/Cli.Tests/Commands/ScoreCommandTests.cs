using System.Globalization;

namespace GenomeScan.Cli.Tests.Commands;

public sealed class ScoreCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-score-");

    public void Dispose() => dir.Delete(true);

    const string Site = "TTGTTTACTTTG";

    static string ReverseComplement(string s) => new(s.Reverse().Select(c => c switch { 'A' => 'T', 'C' => 'G', 'G' => 'C', _ => 'A' }).ToArray());

    [Fact]
    public void ARecordsScoreDoesNotDependOnWhereInItTheSiteLies()
    {
        // 101-bp records of unknown bases but for one FOXO1 site, at the edges, in the middle, on either strand:
        // the best placement always sees the site with unknown bases around it.
        var records = new List<(string Name, int At, char Strand)>();
        var text = new System.Text.StringBuilder();
        foreach (var at in new[] { 0, 7, 44, 70, 89 })
            foreach (var strand in new[] { '+', '-' })
            {
                var bases = new string('N', at) + (strand == '+' ? Site : ReverseComplement(Site)) + new string('N', 101 - at - Site.Length);
                var name = $"site{at}{(strand == '+' ? "p" : "m")}";
                records.Add((name, at, strand));
                text.Append($">{name}\n{bases}\n");
            }
        var path = Path.Combine(dir.FullName, "records.fa");
        File.WriteAllText(path, text.ToString());
        var result = CliRunner.Run("score", "-q", path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("#name\tscore\tp_value\tstrand\toffset\tlength", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.Equal(records.Select(r => r.Name), rows.Select(r => r[0]));
        var scores = rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToList();
        Assert.True(scores.Max() - scores.Min() <= 1e-5, string.Join(", ", scores));
        Assert.True(scores[0] > 0.5, $"the site scores {scores[0]}");
        for (int i = 0; i < rows.Count; i++)
        {
            // The best window holds the site: its offset moves with the site, whatever the strand.
            int offset = int.Parse(rows[i][4], CultureInfo.InvariantCulture);
            Assert.InRange(records[i].At - offset, 0, 100 - Site.Length);
            Assert.InRange(double.Parse(rows[i][2], CultureInfo.InvariantCulture), 0, 1);
        }
        Assert.Equal(7, int.Parse(rows[2][4], CultureInfo.InvariantCulture) - int.Parse(rows[0][4], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DeepBindSequencesAreScoredByTheirEventIds()
    {
        var path = Path.Combine(dir.FullName, "x.seq");
        File.WriteAllText(path, $"FoldID\tEventID\tseq\tBound\nA\tseq_00001_peak\t{new string('A', 40)}{Site}{new string('C', 49)}\t1\nA\tseq_00001_shuf\t{new string('C', 101)}\t0\n");
        var output = Path.Combine(dir.FullName, "scores.tsv");
        var result = CliRunner.Run("score", "-q", path, "-o", output);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var rows = File.ReadAllLines(output).Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.Equal(["seq_00001_peak", "seq_00001_shuf"], rows.Select(r => r[0]));
        Assert.True(double.Parse(rows[0][1], CultureInfo.InvariantCulture) > double.Parse(rows[1][1], CultureInfo.InvariantCulture));
        Assert.True(double.Parse(rows[0][2], CultureInfo.InvariantCulture) < double.Parse(rows[1][2], CultureInfo.InvariantCulture));
    }
}
