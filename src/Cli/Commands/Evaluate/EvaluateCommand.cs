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
        var jsonOption = new Option<bool>("--json") { Description = "One JSON object on stdout (keys: accuracy, auroc, auprc, logloss, confusion, n, ceilings)" };
        var motifOption = new Option<string?>("--motif")
        {
            Description = "Motif that generated simulated data: report the Bayes-optimal and position-invariant ceilings [default: FOXO1 when the file is named FOXO1_*]",
        };
        var threadsOption = CommonOptions.Threads();
        var command = new Command("evaluate", "Score a model on a labelled data set: accuracy, AUROC, AUPRC, confusion matrix, log loss.")
        {
            modelOption, dataOption, positivesOption, negativesOption, jsonOption, motifOption, threadsOption, outputOption,
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
            var report = dataPath is not null
                ? EvaluationRun.Evaluate(model, dataPath, EvaluationRun.CeilingMotif(parse.GetValue(motifOption), dataPath))
                : EvaluationRun.EvaluateFasta(model, parse.GetValue(positivesOption), parse.GetValue(negativesOption));
            CommonOptions.WriteResult(parse.GetValue(outputOption)!, parse.GetValue(jsonOption) ? report.ToJson() + "\n" : report.ToText(), stdout);
            return CommandLine.Ok;
        });
        return command;
    }
}
