using GenomeScan.Scanner;
using System.CommandLine;
using GenomeScan.Model.Evaluation;
using GenomeScan.Model.Training;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Cli.Commands.Evaluate;

/// <summary><c>genomescan evaluate</c>: metrics of an ONNX model on a labelled data set.</summary>
internal static class EvaluateCommand
{
    public static Command Build(TextWriter stdout)
    {
        var modelOption = CommonOptions.Model();
        var dataOption = new Option<string?>("--data") { Description = "Labelled sequences, detected by content: the exercise's CSV, DeepBind's .seq/.seq.gz (FoldID EventID seq Bound), or FASTA with --labels; any length, centred and cropped or padded to the model's window" };
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
        var peaksOption = new Option<string?>("--peaks") { Description = "Or: peaks (BED or narrowPeak) with --genome: windows of the model's length centred on summits, each with a negative (--peak-negatives)" };
        var genomeOption = new Option<string?>("--genome") { Description = "Genome FASTA for --peaks (.fai/.gzi index built when missing)" };
        var chromsOption = new Option<string?>("--chroms") { Description = "--peaks: only these comma-separated chromosomes (the held-out test chromosomes of train)" };
        var peakNegativesOption = new Option<string>("--peak-negatives") { Description = "--peaks: shuffle (one dinucleotide shuffle of each window) or genomic (GC-matched windows away from every peak)", DefaultValueFactory = _ => "shuffle" }
            .Check(v => v is "shuffle" or "genomic" ? null : $"--peak-negatives must be shuffle or genomic, got '{v}'");
        var topOption = new Option<int?>("--top") { Description = "--peaks: only the N peaks of highest signal" }.Check(v => v is < 1 ? "--top must be at least 1" : null);
        var seedOption = CommonOptions.Seed("Random seed of the negatives (--peaks)");
        var labelsOption = new Option<bool>("--labels") { Description = "--data is one FASTA of both classes, each header ending in its label (>name 1, >name bound=0, >name|1)" };
        var threadsOption = CommonOptions.Threads();
        var command = new Command("evaluate", "Score a model on a labelled data set: accuracy, AUROC, AUPRC, confusion matrix, log loss.")
        {
            modelOption, dataOption, positivesOption, negativesOption, jsonOption, motifOption, motifNameOption, labelsOption, peaksOption, genomeOption, chromsOption, peakNegativesOption, topOption, seedOption, threadsOption, outputOption,
        };
        command.Validators.Add(result =>
        {
            bool data = result.GetResult(dataOption) is { Implicit: false };
            bool fasta = result.GetResult(positivesOption) is { Implicit: false } || result.GetResult(negativesOption) is { Implicit: false };
            bool peaks = result.GetResult(peaksOption) is { Implicit: false };
            if ((data ? 1 : 0) + (fasta ? 1 : 0) + (peaks ? 1 : 0) != 1)
                result.AddError("give --data, FASTA with --positives and --negatives, or --peaks with --genome");
            else if (peaks != result.GetResult(genomeOption) is { Implicit: false })
                result.AddError(peaks ? "--peaks needs --genome FASTA" : "--genome goes with --peaks");
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
            var peaksPath = parse.GetValue(peaksOption);
            var report = peaksPath is not null
                ? EvaluationRun.EvaluatePeaks(model, new PeakRequest(peaksPath, parse.GetValue(genomeOption)!, model.WindowLength, parse.GetValue(topOption),
                    parse.GetValue(peakNegativesOption) == "genomic" ? NegativeSource.Genomic : NegativeSource.Shuffled, [],
                    parse.GetValue(chromsOption)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [], parse.GetValue(seedOption)), matrices)
                : dataPath is not null
                ? EvaluationRun.Evaluate(model, dataPath, matrices is not null && Formats.Datasets.LabelledSequences.Detect(dataPath) == Formats.Datasets.LabelledSequences.Layout.ExerciseCsv
                    ? matrices.Motifs[0] : EvaluationRun.CeilingMotif(null, dataPath), matrices, parse.GetValue(labelsOption))
                : EvaluationRun.EvaluateFasta(model, parse.GetValue(positivesOption), parse.GetValue(negativesOption), matrices);
            CommonOptions.WriteResult(parse.GetValue(outputOption)!, parse.GetValue(jsonOption) ? report.ToJson() + "\n" : report.ToText(), stdout);
            return CommandLine.Ok;
        });
        return command;
    }
}
