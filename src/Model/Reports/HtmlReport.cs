using System.Globalization;
using System.Net;
using System.Text;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Sequences;
using GenomeScan.Model.Interpretation;
using GenomeScan.Scanner.Network;
using ScottPlot;

namespace GenomeScan.Model.Reports;

/// <summary>
/// The HTML report over a <c>train --out DIR</c>: the comparison table and plot, each model's learning
/// report and metrics, the logos of its best first-layer filters beside the HOCOMOCO FOXO1 logo, and a
/// heatmap of its first-layer weights. Every image is embedded (data URIs), so the file opens offline.
/// </summary>
internal static class HtmlReport
{
    public const int LogosPerModel = 6;

    public static string Write(string directory, int shuffles = 200)
    {
        if (!Directory.Exists(directory))
            throw new Formats.InputException($"{directory}: no such directory (give a `train --out` directory)");
        var models = Directory.GetFiles(directory, "*.onnx").Order(StringComparer.Ordinal).ToArray();
        if (models.Length == 0)
            throw new Formats.InputException($"{directory}: no .onnx model in it (give a `train --out` directory)");
        var foxo1 = MotifReader.BuiltIn();
        var data = MotifDatasetSimulator.Simulate(foxo1, new SimulationOptions(Count: 2000, Seed: 0)).Train;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>genomescan report</title>\n")
            .Append("<style>body{font-family:sans-serif;max-width:1300px;margin:2em auto;color:#222}img{max-width:100%;border:1px solid #ddd;margin:4px}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}.logos img{width:31%}</style></head><body>\n")
            .Append(CultureInfo.InvariantCulture, $"<h1>genomescan report</h1><p>{WebUtility.HtmlEncode(Path.GetFullPath(directory))} — {models.Length} model(s), genomescan {ModelMetadata.Version}</p>\n");

        var comparison = Path.Combine(directory, "comparison.csv");
        if (File.Exists(comparison))
        {
            html.Append("<h2>Models compared</h2>\n").Append(CsvTable(comparison));
            AppendImage(html, Path.Combine(directory, "comparison.png"), "Validation accuracy of every model by epoch");
        }
        html.Append("<h2>Reference motif</h2>\n");
        html.Append(Image(LogoPlot.Png(foxo1.Probabilities, foxo1.Name), $"{foxo1.Name} logo"));

        foreach (var path in models)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            using var model = OnnxWindowClassifier.Load(path);
            html.Append(CultureInfo.InvariantCulture, $"<h2>{WebUtility.HtmlEncode(name)}</h2>\n");
            if (model.Metadata is { } m)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{WebUtility.HtmlEncode(m.Layers)} — {m.Parameters:N0} parameters, {m.Epochs} epochs (best {m.BestEpoch}), recipe {m.Recipe}, seed {m.Seed}.</p>\n");
                if (m.Metrics is { } metrics)
                    html.Append(CultureInfo.InvariantCulture, $"<table><tr><th>accuracy</th><th>AUROC</th><th>AUPRC</th><th>log loss</th></tr><tr><td>{metrics.Accuracy:F4}</td><td>{metrics.Auroc:F4}</td><td>{metrics.Auprc:F4}</td><td>{metrics.LogLoss:F4}</td></tr></table>\n");
            }
            AppendImage(html, Path.Combine(directory, $"{name}_learning.png"), $"{name} learning report");
            var report = FilterAnalysis.Analyse(model.ModelBytes, name, data, [foxo1], shuffles);
            html.Append(CultureInfo.InvariantCulture, $"<p>First layer: {report.Filters.Count} filters, {report.Filters.Count(f => f.Dead)} dead, {report.CorrelatedPairs.Count} highly correlated pair(s). Best matches to {WebUtility.HtmlEncode(foxo1.Name)}:</p>\n<div class=\"logos\">");
            foreach (var f in report.Filters.Where(f => f.BestMatch is not null).OrderByDescending(f => f.BestMatch!.Correlation).Take(LogosPerModel))
                html.Append(Image(LogoPlot.Png(f.Frequencies, FormattableString.Invariant($"filter {f.Index}: r = {f.BestMatch!.Correlation:F3} ({f.BestMatch.Strand})")), $"filter {f.Index} logo"));
            html.Append("</div>\n");
            html.Append(Image(WeightHeatmap(report, name), $"{name} first-layer weights"));
        }
        // Marks on <body> how many images the browser decoded, for a headless check that the page is whole.
        html.Append("<script>window.addEventListener('load',()=>{const i=[...document.images];document.body.dataset.images=i.length;")
            .Append("document.body.dataset.loaded=i.filter(x=>x.complete&&x.naturalWidth>0).length;});</script>\n");
        html.Append("</body></html>\n");
        var output = Path.Combine(directory, "report.html");
        File.WriteAllText(output, html.ToString());
        return output;
    }

    static byte[] WeightHeatmap(FilterReport report, string name)
    {
        var filters = report.Filters;
        int k = filters[0].Weights.GetLength(0);
        var values = new double[filters.Count, k * Alphabet.Size];
        for (int f = 0; f < filters.Count; f++)
            for (int j = 0; j < k; j++)
                for (int b = 0; b < Alphabet.Size; b++)
                    values[filters.Count - 1 - f, b * k + j] = filters[f].Weights[j, b];
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.MellowRainbow();
        plot.Add.ColorBar(heatmap).Label = "weight";
        plot.Title($"{name}: first-layer weights (rows: filters; columns: A, C, G, T × position)");
        return plot.GetImage(1000, Math.Max(300, filters.Count * 8)).GetImageBytes();
    }

    static string CsvTable(string path)
    {
        var lines = File.ReadAllLines(path);
        var html = new StringBuilder("<table>");
        for (int i = 0; i < lines.Length; i++)
        {
            var cell = i == 0 ? "th" : "td";
            html.Append("<tr>");
            foreach (var value in lines[i].Split(','))
                html.Append(CultureInfo.InvariantCulture, $"<{cell}>{WebUtility.HtmlEncode(value)}</{cell}>");
            html.Append("</tr>");
        }
        return html.Append("</table>\n").ToString();
    }

    static void AppendImage(StringBuilder html, string path, string alt)
    {
        if (File.Exists(path))
            html.Append(Image(File.ReadAllBytes(path), alt));
    }

    static string Image(byte[] png, string alt) =>
        $"<img alt=\"{WebUtility.HtmlEncode(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">\n";
}
