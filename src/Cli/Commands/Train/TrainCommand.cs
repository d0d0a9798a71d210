using System.CommandLine;
using GenomeScan.Model.Architectures;
using GenomeScan.Model.Reports;
using GenomeScan.Model.Training;

namespace GenomeScan.Cli.Commands.Train;

/// <summary><c>genomescan train</c>: fit the exercise's CNNs with TorchSharp and export ONNX.</summary>
internal static class TrainCommand
{
    public static Command Build(TextWriter stderr)
    {
        var names = string.Join('|', ArchitectureCatalog.All.Select(a => a.Name));
        var archOption = new Option<string>("--arch") { Description = $"Architecture: {names}, or all (the exercise's v1–v5)", Required = true }
            .Check(v => v == "all" || ArchitectureCatalog.Find(v) is not null ? null : $"--arch must be one of {names}, all; got '{v}'");
        var trainOption = new Option<string>("--train") { Description = "Training data, detected by content: the exercise's CSV (see simulate), or DeepBind's .seq/.seq.gz (positives only: one dinucleotide shuffle of each is added as a negative)", Required = true };
        var testOption = new Option<string>("--test") { Description = "Validation data, scored after every epoch (the same layouts; DeepBind's sequences fitted to the training length)", Required = true };
        var outOption = CommonOptions.OutputDirectory("Output directory");
        var epochsOption = new Option<int?>("--epochs") { Description = "Epochs (with --recipe tuned: the most epochs) [default: 10; tuned: 80]" }
            .Check(v => v is < 1 ? "--epochs must be at least 1" : null);
        var batchOption = new Option<int>("--batch-size") { Description = "Mini-batch size", DefaultValueFactory = _ => 256 }.AtLeast(1);
        var seedOption = CommonOptions.Seed();
        var lrOption = new Option<double>("--learning-rate") { Description = "Adam learning rate (tuned: the starting rate of the cosine decay)", DefaultValueFactory = _ => 1e-3 }.Between(1e-7, 1);
        var dropoutOption = new Option<double>("--dropout") { Description = "Dropout rate after each pooling", DefaultValueFactory = _ => 0.2 }.Between(0, 0.95);
        var foldsOption = new Option<int>("--folds") { Description = "k-fold cross-validation on the training file instead of one fit (0: off)", DefaultValueFactory = _ => 0 }
            .Check(v => v is 1 or < 0 ? "--folds must be 0 (off) or at least 2" : null);
        var weightOption = new Option<ClassWeighting>("--class-weight") { Description = "none, or balanced: weigh samples by N / (2 · N_class)", DefaultValueFactory = _ => ClassWeighting.None };
        var recipeOption = new Option<TrainingRecipe>("--recipe")
        {
            Description = "exercise: fixed epochs at a constant rate, as the course exercise trains; tuned: early stopping on 10% of the training file, cosine rate decay, best epoch kept (seed is the old name of exercise)",
            DefaultValueFactory = _ => TrainingRecipe.Exercise,
            // "seed" was the exercise recipe's name before "seed" came to mean only random seeds.
            CustomParser = result => result.Tokens.Single().Value.ToLowerInvariant() switch
            {
                "exercise" or "seed" => TrainingRecipe.Exercise,
                "tuned" => TrainingRecipe.Tuned,
                var other => Fail(result, other),
            },
        };
        var shiftOption = new Option<int?>("--max-shift") { Description = "Move each training batch by up to this many bases either way, N shifted in [default: 0 for the exercise's CSV, 20 for real binding data]" }
            .Check(v => v < 0 ? "--max-shift must be 0 or more" : null);
        var threadsOption = CommonOptions.Threads();

        var command = new Command("train", "Train the exercise's CNNs (v1–v5, and our v6) on a labelled data set; export ONNX, learning reports and plots.")
        {
            archOption, trainOption, testOption, outOption, epochsOption, batchOption, seedOption, lrOption, dropoutOption,
            foldsOption, weightOption, recipeOption, shiftOption, threadsOption,
        };
        command.SetAction(parse =>
        {
            var arch = parse.GetValue(archOption)!;
            var recipe = parse.GetValue(recipeOption);
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochsOption) ?? (recipe == TrainingRecipe.Tuned ? 80 : 10),
                BatchSize = parse.GetValue(batchOption),
                Seed = parse.GetValue(seedOption),
                LearningRate = parse.GetValue(lrOption),
                Dropout = parse.GetValue(dropoutOption),
                ClassWeight = parse.GetValue(weightOption),
                Recipe = recipe,
                Threads = parse.GetValue(threadsOption),
                MaxShift = parse.GetValue(shiftOption) ?? -1,
            };
            var request = new TrainRequest(
                arch == "all" ? ArchitectureCatalog.Exercise : [ArchitectureCatalog.Find(arch)!],
                parse.GetValue(trainOption)!, parse.GetValue(testOption)!, parse.GetValue(outOption)!, options, parse.GetValue(foldsOption));
            var outcomes = TrainingRun.Run(request, stderr);
            TrainingReport.Write(request.OutDirectory, outcomes);
            return CommandLine.Ok;
        });
        return command;
    }

    static TrainingRecipe Fail(System.CommandLine.Parsing.ArgumentResult result, string value)
    {
        result.AddError($"--recipe must be exercise or tuned, got '{value}'");
        return default;
    }
}
