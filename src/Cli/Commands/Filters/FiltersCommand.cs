using System.CommandLine;
using GenomeScan.Formats;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;
using GenomeScan.Model.Interpretation;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Cli.Commands.Filters;

/// <summary><c>genomescan filters</c>: first-layer filters as motifs, compared with a motif database.</summary>
internal static class FiltersCommand
{
    public static Command Build(TextWriter stdout)
    {
        var fastaArgument = new Argument<string?>("fasta") { Description = "Read the filters from the windows of this FASTA (up to 20,000, half-overlapping) instead of --data", Arity = ArgumentArity.ZeroOrOne };
        // The old spelling, kept so that existing command lines still work.
        var fastaOption = new Option<string?>("--fasta") { Description = "The FASTA, as an option (the old spelling)", Hidden = true };
        var modelOption = CommonOptions.Model();
        var dataOption = new Option<string?>("--data") { Description = "Sequences whose activations build the filters' matrices (the exercise's CSV layout) [default: 2,000 simulated FOXO1 sequences, seed 0]" };
        var outputOption = CommonOptions.Output();
        var motifsOption = new Option<string?>("--motifs") { Description = "Motifs to compare each filter with (MEME, HOCOMOCO, JASPAR, TRANSFAC; many per file, e.g. motifs/collections/) [default: FOXO1_HUMAN.H11MO.0.A]" };
        var motifNameOption = new Option<string[]>("--motif-name") { Description = "Only these motifs of --motifs (repeatable; a name, or NAME_…, NAME.…, …_NAME)" };
        var formatOption = new Option<string>("--format") { Description = "table (TSV) or meme (a MEME motif file of the live filters)", DefaultValueFactory = _ => "table" };
        formatOption.AcceptOnlyFromAmong("table", "meme");
        var jsonOption = new Option<bool>("--json") { Description = "One JSON object: every filter with its matrices and best match (motif, offset, strand, correlation, p_value)" };
        var shufflesOption = new Option<int>("--shuffles") { Description = "Column shuffles behind each match's empirical p-value", DefaultValueFactory = _ => 1000 }.AtLeast(0);
        var command = new Command("filters", "Read the first-layer filters as motifs (from the subsequences that activate them), find dead and correlated filters, and match them to known motifs.")
        {
            fastaArgument, fastaOption, modelOption, dataOption, motifsOption, motifNameOption, formatOption, jsonOption, shufflesOption, outputOption,
        };
        command.SetAction(parse =>
        {
            var modelPath = parse.GetValue(modelOption);
            using var model = OnnxWindowClassifier.LoadOrBuiltIn(modelPath);
            var data = Sequences(parse.GetValue(dataOption), parse.GetValue(fastaArgument) ?? parse.GetValue(fastaOption), model.WindowLength);
            if (parse.GetValue(motifsOption) is null && parse.GetValue(motifNameOption) is { Length: > 0 })
                throw new Formats.InputException("--motif-name picks motifs of --motifs FILE");
            var motifs = parse.GetValue(motifsOption) is { } path ? MotifReader.PickAll(path, parse.GetValue(motifNameOption) ?? []) : [MotifReader.BuiltIn()];
            var report = FilterAnalysis.Analyse(model.ModelBytes, model.Name, data, motifs, parse.GetValue(shufflesOption));
            CommonOptions.WriteResult(parse.GetValue(outputOption)!, parse.GetValue(jsonOption) ? FilterReportWriter.Json(report) + "\n"
                : parse.GetValue(formatOption) == "meme" ? FilterReportWriter.Meme(report) : FilterReportWriter.Table(report), stdout);
            return CommandLine.Ok;
        });
        return command;
    }

    static LabelledDataset Sequences(string? csv, string? fasta, int length)
    {
        if (csv is not null && fasta is not null)
            throw new InputException("--data and a FASTA are alternatives: give one");
        if (csv is not null)
            return DatasetCsv.Read(csv);
        if (fasta is null)
            return MotifDatasetSimulator.Simulate(MotifReader.BuiltIn(), new SimulationOptions(Count: 4000, Length: length)).Train;
        return FastaWindows.Read(fasta, length, 20_000);
    }
}
