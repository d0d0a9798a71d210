using System.CommandLine;
using GenomeScan.Formats;
using GenomeScan.Formats.Fasta;
using GenomeScan.Model.Interpretation;
using GenomeScan.Model.Reports;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Cli.Commands.Explain;

/// <summary><c>genomescan explain</c>: an in-silico mutagenesis map of a window or hit.</summary>
internal static class ExplainCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var fastaArgument = CommonOptions.Fasta("Indexed (or indexable) FASTA, plain or bgzip");
        fastaArgument.Arity = ArgumentArity.ZeroOrOne;
        // The old spelling, kept so that existing command lines still work.
        var fastaOption = new Option<string?>("--fasta") { Description = "The FASTA, as an option (the old spelling)", Hidden = true };
        var modelOption = CommonOptions.Model();
        var regionOption = new Option<string>("--region", "-r") { Description = "chr:start-end (1-based, inclusive): a window, or a hit whose best window (both strands) is explained", Required = true };
        var outputOption = CommonOptions.Output("Write the TSV here instead of stdout (a temporary name, renamed on success)");
        var pngOption = new Option<string?>("--png") { Description = "Also draw the map as a heatmap PNG here" };
        var command = new Command("explain", "In-silico mutagenesis of a window or hit: the change in score for each substitution at each position, as TSV (and a picture).")
        {
            fastaArgument, fastaOption, modelOption, regionOption, outputOption, pngOption,
        };
        command.SetAction(parse =>
        {
            var fasta = parse.GetValue(fastaArgument) ?? parse.GetValue(fastaOption)
                ?? throw new InputException("explain: give the FASTA (genomescan explain GENOME.fa --region chr:start-end)");
            using var model = OnnxWindowClassifier.LoadOrBuiltIn(parse.GetValue(modelOption));
            var explained = RegionExplanation.Explain(model, fasta, GenomicRegion.Parse(parse.GetValue(regionOption)!));
            var map = explained.Map;
            CommonOptions.WriteResult(parse.GetValue(outputOption)!, explained.ToTsv(), stdout);
            if (parse.GetValue(pngOption) is { } png)
                MutagenesisPlot.Save(png, map, $"{model.Name}: {explained.Window} ({map.Strand}), p = {map.Score:F4}");
            stderr.WriteLine(FormattableString.Invariant($"explain: window {explained.Window} strand {map.Strand}, probability {map.Score:F6}"));
            return CommandLine.Ok;
        });
        return command;
    }
}
