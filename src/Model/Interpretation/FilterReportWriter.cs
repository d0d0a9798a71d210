using System.Globalization;
using System.Text;
using System.Text.Json;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Model.Interpretation;

/// <summary>Writes a <see cref="FilterReport"/> as a table, a MEME motif file, or JSON.</summary>
internal static class FilterReportWriter
{
    static string F(double v, string format = "F3") => v.ToString(format, CultureInfo.InvariantCulture);

    public static string Table(FilterReport report)
    {
        var text = new StringBuilder("filter\tsites\tmax_activation\tdead\tinformation_bits\tconsensus\tbest_match\toffset\tstrand\tcorrelation\tp_value\n");
        foreach (var f in report.Filters)
        {
            var m = f.BestMatch;
            text.Append(CultureInfo.InvariantCulture, $"{f.Index}\t{f.Sites}\t{F(f.MaxActivation)}\t{(f.Dead ? "yes" : "no")}\t{F(f.InformationContent)}\t{f.Consensus}\t");
            text.Append(m is null ? "-\t-\t-\t-\t-\n" : FormattableString.Invariant($"{m.Motif}\t{m.Offset}\t{m.Strand}\t{F(m.Correlation)}\t{F(m.PValue, "G3")}\n"));
        }
        foreach (var (a, b, r) in report.CorrelatedPairs)
            text.Append(CultureInfo.InvariantCulture, $"# correlated filters {a} and {b}: weights r = {F(r)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# {report.Filters.Count(f => f.Dead)} dead of {report.Filters.Count} filters on {report.Sequences} sequences\n");
        return text.ToString();
    }

    /// <summary>MEME minimal motif format (version 4): one MOTIF per live filter, its position frequency matrix.</summary>
    public static string Meme(FilterReport report)
    {
        var text = new StringBuilder("MEME version 4\n\nALPHABET= ACGT\n\nstrands: + -\n\nBackground letter frequencies\nA 0.25 C 0.25 G 0.25 T 0.25\n\n");
        foreach (var f in report.Filters.Where(f => !f.Dead))
        {
            int w = f.Frequencies.GetLength(0);
            text.Append(CultureInfo.InvariantCulture, $"MOTIF filter{f.Index} {f.Consensus}\n");
            text.Append(CultureInfo.InvariantCulture, $"letter-probability matrix: alength= 4 w= {w} nsites= {f.Sites} E= 0\n");
            for (int j = 0; j < w; j++)
                text.Append(string.Join(' ', Enumerable.Range(0, Alphabet.Size).Select(b => F(f.Frequencies[j, b], "F6")))).Append('\n');
            text.Append('\n');
        }
        return text.ToString();
    }

    public static string Json(FilterReport report)
    {
        var filters = report.Filters.Select(f => new Dictionary<string, object?>
        {
            ["index"] = f.Index,
            ["sites"] = f.Sites,
            ["max_activation"] = f.MaxActivation,
            ["dead"] = f.Dead,
            ["information_bits"] = f.InformationContent,
            ["consensus"] = f.Consensus,
            ["frequencies"] = Rows(f.Frequencies),
            ["weights"] = Rows(f.Weights),
            ["best_match"] = f.BestMatch is { } m
                ? new Dictionary<string, object> { ["motif"] = m.Motif, ["offset"] = m.Offset, ["strand"] = m.Strand.ToString(), ["overlap"] = m.Overlap, ["correlation"] = m.Correlation, ["p_value"] = m.PValue }
                : null,
        });
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = report.Model,
            ["sequences"] = report.Sequences,
            ["filters"] = filters,
            ["correlated_pairs"] = report.CorrelatedPairs.Select(p => new Dictionary<string, object> { ["a"] = p.A, ["b"] = p.B, ["correlation"] = p.Correlation }),
        });
    }

    static double[][] Rows(double[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(j => Enumerable.Range(0, m.GetLength(1)).Select(b => m[j, b]).ToArray()).ToArray();

    static double[][] Rows(float[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(j => Enumerable.Range(0, m.GetLength(1)).Select(b => (double)m[j, b]).ToArray()).ToArray();
}
