using GenomeScan.Scanner;
using System.CommandLine;
using GenomeScan.Model.Evaluation;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Cli.Commands.Evaluate;

/// <summary><c>genomescan evaluate</c>: metrics of an ONNX model on a labelled data set.</summary>
internal static class EvaluateCommand
{
    public static Command Build(TextWriter stdout)
    {
        var modelOption = CommonOptions.Model();
        var dataOption = new Option<string?>("--data") { Description = "Labelled sequences, detected by content: the exercise's CSV, or DeepBind's .seq/.seq.gz (FoldID EventID seq Bound; any length, centred and cropped or padded to the model's window)" };
        var positivesOption = new Option<string?>("--positives") { Description = "Or: FASTA of bound sequences (label 1), with --negatives" };
        var negativesOption = new Option<string?>("--negatives") { Description = "Or: FASTA of unbound sequences (label 0), with --positives" };
        var outputOption = CommonOptions.Output();
        var jsonOption = new Option<bool>("--json") { Description = "One JSON object on stdout (keys: accuracy, auroc, auprc, logloss, confusion, n, strands, fitted, ceilings, matrices)" };
        var motifOption = new Option<string?>("--motif")
        {
            Description = "Motif file (MEME, HOCOMOCO, JASPAR, TRANSFAC collections): the PWM baseline on the same sequences beside the model (best placement, both strands); on the exercise's CSV also the ceilings of the first motif [default: FOXO1 ceilings when the file is named FOXO1_*]",
        };
        var motifNameOption = new Option<string?>("--motif-name")
        {
            Description = "Only the motifs of --motif named NAME, NAME_…, NAME.… or …_NAME (e.g. SP1 picks SP1_HUMAN.H11MO.0.A and MA0079.5_SP1); the best of them is compared",
        };
        var threadsOption = CommonOptions.Threads();
        var command = new Command("evaluate", "Score a model on a labelled data set: accuracy, AUROC, AUPRC, confusion matrix, log loss.")
        {
            modelOption, dataOption, positivesOption, negativesOption, jsonOption, motifOption, motifNameOption, threadsOption, outputOption,
        };
        command.Validators.Add(result =>
        {
            bool data = result.GetResult(dataOption) is { Implicit: false };
            bool fasta = result.GetResult(positivesOption) is { Implicit: false } || result.GetResult(negativesOption) is { Implicit: false };
            if (data == fasta)
                result.AddError("give --data, or FASTA with --positives and --negatives");
        });
        command.SetAction(parse =>
        {
            var modelPath = parse.GetValue(modelOption);
            var dataPath = parse.GetValue(dataOption);
            int threads = parse.GetValue(threadsOption);
            using var model = OnnxWindowClassifier.LoadOrBuiltIn(modelPath, ExecutionDevice.Cpu, threads);
            var motifPath = parse.GetValue(motifOption);
            if (motifPath is null && parse.GetValue(motifNameOption) is not null)
                throw new Formats.InputException("--motif-name picks motifs of --motif FILE");
            var matrices = motifPath is null ? null : MotifSelection.Read(motifPath, parse.GetValue(motifNameOption));
            var report = dataPath is not null
                ? EvaluationRun.Evaluate(model, dataPath, matrices is not null && Formats.Datasets.LabelledSequences.Detect(dataPath) == Formats.Datasets.LabelledSequences.Layout.ExerciseCsv
                    ? matrices.Motifs[0] : EvaluationRun.CeilingMotif(null, dataPath), matrices)
                : EvaluationRun.EvaluateFasta(model, parse.GetValue(positivesOption), parse.GetValue(negativesOption), matrices);
            CommonOptions.WriteResult(parse.GetValue(outputOption)!, parse.GetValue(jsonOption) ? report.ToJson() + "\n" : report.ToText(), stdout);
            return CommandLine.Ok;
        });
        return command;
    }
}
