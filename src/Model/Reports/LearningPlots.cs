using GenomeScan.Model.Training;
using ScottPlot;
using SkiaSharp;

namespace GenomeScan.Model.Reports;

/// <summary>A band to draw around a curve: lower and upper values per epoch.</summary>
/// <summary>
/// The exercise's learning-report plots, drawn with ScottPlot: accuracy and loss per epoch, train and
/// validation, side by side; and the comparison of several models' validation accuracy.
/// </summary>
internal static class LearningPlots
{
    const int PanelWidth = 640, PanelHeight = 420;

    public static void SaveLearningReport(string path, string title, IReadOnlyList<EpochReport> history,
        Band? accuracyBand = null, Band? lossBand = null)
    {
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        var accuracy = Panel($"{title}: accuracy", "Accuracy", epochs,
            [("Train", history.Select(h => h.Accuracy).ToArray()), ("Validation", history.Select(h => h.ValidationAccuracy).ToArray())],
            accuracyBand, Alignment.LowerRight);
        var loss = Panel($"{title}: loss", "Loss", epochs,
            [("Train", history.Select(h => h.Loss).ToArray()), ("Validation", history.Select(h => h.ValidationLoss).ToArray())],
            lossBand, Alignment.UpperRight);
        SideBySide(path, accuracy, loss);
    }

    public static void SaveComparison(string path, IReadOnlyList<(string Name, IReadOnlyList<EpochReport> History)> models)
    {
        var plot = new Plot();
        foreach (var (name, history) in models)
        {
            var line = plot.Add.Scatter(history.Select(h => (double)h.Epoch).ToArray(), history.Select(h => h.ValidationAccuracy).ToArray());
            line.LegendText = name;
        }
        Decorate(plot, "Validation accuracy by model", "Accuracy", Alignment.LowerRight);
        plot.SavePng(path, PanelWidth + 160, PanelHeight + 60);
    }

    static Plot Panel(string title, string yLabel, double[] epochs, (string Name, double[] Values)[] series, Band? band, Alignment legend)
    {
        var plot = new Plot();
        if (band is not null)
        {
            var fill = plot.Add.FillY(epochs, band.Lower, band.Upper);
            fill.FillColor = Colors.Orange.WithAlpha(0.25);
            fill.LineWidth = 0;
            fill.LegendText = "Validation 95% band";
        }
        foreach (var (name, values) in series)
        {
            var line = plot.Add.Scatter(epochs, values);
            line.LegendText = name;
        }
        Decorate(plot, title, yLabel, legend);
        return plot;
    }

    static void Decorate(Plot plot, string title, string yLabel, Alignment legend)
    {
        plot.Title(title);
        plot.XLabel("Epoch");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        plot.YLabel(yLabel);
        plot.ShowLegend(legend);
    }

    static void SideBySide(string path, params Plot[] plots)
    {
        using var surface = SKSurface.Create(new SKImageInfo(PanelWidth * plots.Length, PanelHeight));
        surface.Canvas.Clear(SKColors.White);
        for (int i = 0; i < plots.Length; i++)
        {
            var png = plots[i].GetImage(PanelWidth, PanelHeight).GetImageBytes();
            using var bitmap = SKBitmap.Decode(png);
            surface.Canvas.DrawBitmap(bitmap, i * PanelWidth, 0);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
