using System.CommandLine;
using GenomeScan.Model.Reports;

namespace GenomeScan.Cli.Commands.Report;

/// <summary><c>genomescan report DIR</c>: one HTML page over a training run, images embedded.</summary>
internal static class ReportCommand
{
    public static Command Build(TextWriter stderr)
    {
        var directory = new Argument<string>("dir") { Description = "A `train --out` directory" };
        var shufflesOption = new Option<int>("--shuffles") { Description = "Column shuffles behind each filter match's p-value", DefaultValueFactory = _ => 200 }.AtLeast(0);
        var command = new Command("report", "Write DIR/report.html: metrics, learning curves, the model comparison, filter logos beside the HOCOMOCO logo, weight heatmaps (opens offline).")
        {
            directory, shufflesOption,
        };
        command.SetAction(parse =>
        {
            var path = HtmlReport.Write(parse.GetValue(directory)!, parse.GetValue(shufflesOption));
            stderr.WriteLine($"report: {path}");
            return CommandLine.Ok;
        });
        return command;
    }
}
