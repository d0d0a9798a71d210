using GenomeScan.Formats.Sequences;
using ScottPlot;

namespace GenomeScan.Model.Reports;

/// <summary>
/// Sequence logos with ScottPlot: each column a stack of coloured bars, one per base, as tall as the
/// base's share of the column's information content (bits), the letter written in its bar.
/// </summary>
internal static class LogoPlot
{
    static readonly Color[] BaseColors = [Colors.Green, Colors.Blue, Colors.Orange, Colors.Red];

    public static Plot Create(double[,] frequencies, string title)
    {
        var plot = new Plot();
        int width = frequencies.GetLength(0);
        for (int j = 0; j < width; j++)
        {
            double bits = 2;
            for (int b = 0; b < Alphabet.Size; b++)
                if (frequencies[j, b] > 0)
                    bits += frequencies[j, b] * Math.Log2(frequencies[j, b]);
            var order = Enumerable.Range(0, Alphabet.Size).OrderBy(b => frequencies[j, b]).ToArray();
            double bottom = 0;
            foreach (var b in order)
            {
                double height = frequencies[j, b] * bits;
                if (height <= 0.005)
                    continue;
                var bar = plot.Add.Rectangle(j + 0.55, j + 1.45, bottom, bottom + height);
                bar.FillStyle.Color = BaseColors[b];
                bar.LineStyle.Width = 0;
                if (height > 0.15)
                {
                    var letter = plot.Add.Text(Alphabet.Letters[b].ToString(), j + 1, bottom + height / 2);
                    letter.LabelFontSize = (float)Math.Clamp(height * 28, 8, 40);
                    letter.LabelFontColor = Colors.White;
                    letter.LabelBold = true;
                    letter.LabelAlignment = Alignment.MiddleCenter;
                }
                bottom += height;
            }
        }
        plot.Axes.SetLimits(0.4, width + 0.6, 0, 2);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        plot.Title(title);
        plot.YLabel("bits");
        plot.XLabel("position");
        return plot;
    }

    public static byte[] Png(double[,] frequencies, string title, int width = 520, int height = 240) =>
        Create(frequencies, title).GetImage(width, height).GetImageBytes();
}
