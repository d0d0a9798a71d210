using GenomeScan.Formats.Sequences;
using GenomeScan.Model.Interpretation;
using ScottPlot;

namespace GenomeScan.Model.Reports;

/// <summary>The mutagenesis map as a heatmap: one row per substituted base, one column per window position.</summary>
internal static class MutagenesisPlot
{
    public static void Save(string path, MutagenesisMap map, string title)
    {
        int length = map.Delta.GetLength(0);
        var values = new double[Alphabet.Size, length];
        for (int p = 0; p < length; p++)
            for (int b = 0; b < Alphabet.Size; b++)
                values[Alphabet.Size - 1 - b, p] = map.Delta[p, b];
        double limit = Math.Max(1e-6, values.Cast<double>().Max(v => Math.Abs(v)));
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.MellowRainbow();
        heatmap.ManualRange = new ScottPlot.Range(-limit, limit);
        plot.Add.ColorBar(heatmap).Label = "Δ probability";
        plot.Title(title);
        plot.XLabel("position in the window (as the model reads it)");
        plot.Axes.Left.SetTicks([0, 1, 2, 3], ["A", "C", "G", "T"]);
        plot.SavePng(path, Math.Max(800, length * 9), 320);
    }
}
