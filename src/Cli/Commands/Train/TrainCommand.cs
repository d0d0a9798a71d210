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
        var archOption = new Option<string>("--arch") { Description = $"Architecture: {names}, or all (the exercise's v1–v5). Without it, real binding data gets the default recipe: the DeepBind-style network, hyperparameters searched on a validation split, written as model.onnx" }
            .Check(v => v == "all" || ArchitectureCatalog.Find(v) is not null ? null : $"--arch must be one of {names}, all; got '{v}'");
        var trainOption = new Option<string?>("--train") { Description = "Training data, detected by content: the exercise's CSV (see simulate), DeepBind's .seq/.seq.gz, or FASTA of positives; positives only get negatives (see --negatives)" };
        var testOption = new Option<string?>("--test") { Description = "Test data, reported after every epoch and at the end, never used for a decision (the same layouts, fitted to the training length) [default: --test-chroms, else a seeded tenth of the training data]" };
        var peaksOption = new Option<string?>("--peaks") { Description = "Training peaks instead of --train: BED or narrowPeak (summit: column 10, else the middle); needs --genome" };
        var genomeOption = new Option<string?>("--genome") { Description = "Genome FASTA (.fa, .fa.gz with bgzip) for --peaks, read through its .fai/.gzi index" };
        var lengthOption = new Option<int>("--length") { Description = "--peaks: window length, centred on each summit", DefaultValueFactory = _ => 101 }.AtLeast(8);
        var topOption = new Option<int?>("--top") { Description = "--peaks: only the N peaks of highest signal (narrowPeak column 7, BED column 5)" }.Check(v => v is < 1 ? "--top must be at least 1" : null);
        var negativesOption = new Option<string>("--negatives") { Description = "Negatives for positives-only data: shuffle (one dinucleotide shuffle of each positive), genomic (--peaks: a window of the same chromosome away from every peak, GC-matched), or a FASTA file", DefaultValueFactory = _ => "shuffle" };
        var validOption = new Option<string?>("--valid-chroms") { Description = "--peaks: comma-separated chromosomes held out for validation (early stopping, the search)" };
        var testChromsOption = new Option<string?>("--test-chroms") { Description = "--peaks: comma-separated chromosomes held out as the test set" };
        var outOption = CommonOptions.OutputDirectory("Output directory");
        var epochsOption = new Option<int?>("--epochs") { Description = "Epochs (--recipe tuned and the default recipe: the most epochs) [default: 10; tuned: 80; default recipe: 30]" }
            .Check(v => v is < 1 ? "--epochs must be at least 1" : null);
        var batchOption = new Option<int>("--batch-size") { Description = "Mini-batch size", DefaultValueFactory = _ => 256 }.AtLeast(1);
        var seedOption = CommonOptions.Seed();
        var lrOption = new Option<double>("--learning-rate") { Description = "Adam learning rate with --arch (tuned: the starting rate of the cosine decay); the default recipe searches it", DefaultValueFactory = _ => 1e-3 }.Between(1e-7, 1);
        var dropoutOption = new Option<double>("--dropout") { Description = "Dropout rate after each pooling (deepbind: after the hidden layer) with --arch; the default recipe searches it", DefaultValueFactory = _ => 0.2 }.Between(0, 0.95);
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
        var labelsOption = new Option<bool>("--labels") { Description = "FASTA --train/--test files hold both classes, each header ending in its label (>name 1, >name bound=0, >name|1)" };
        var searchOption = new Option<int>("--search") { Description = "Default recipe: hyperparameter candidates tried on the validation split (1: the default ones, no search)", DefaultValueFactory = _ => RealDataRecipe.DefaultTrials }.Check(v => v is < 1 or > 54 ? "--search must be 1–54" : null);
        var filtersOption = new Option<int?>("--filters") { Description = "--arch deepbind: convolution filters (motif detectors) [default: 64]" }.Check(v => v is < 1 or > 512 ? "--filters must be 1–512" : null);
        var widthOption = new Option<int?>("--filter-width") { Description = "--arch deepbind: filter width in bases [default: 12]" }.Check(v => v is < 1 or > 64 ? "--filter-width must be 1–64" : null);
        var hiddenOption = new Option<int?>("--hidden") { Description = "--arch deepbind: hidden units after the pooling, 0 for none [default: 32]" }.Check(v => v is < 0 or > 1024 ? "--hidden must be 0–1024" : null);

        var command = new Command("train", "Train a CNN on real binding data (labelled sequences, or ChIP-seq peaks and a genome) or on the exercise's simulated CSV; export ONNX, learning reports and plots.")
        {
            archOption, trainOption, testOption, outOption, epochsOption, batchOption, seedOption, lrOption, dropoutOption,
            foldsOption, weightOption, recipeOption, shiftOption, threadsOption, filtersOption, widthOption, hiddenOption, searchOption, labelsOption,
            peaksOption, genomeOption, lengthOption, topOption, negativesOption, validOption, testChromsOption,
        };
        command.SetAction(parse =>
        {
            var arch = parse.GetValue(archOption);
            var recipe = parse.GetValue(recipeOption);
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochsOption) ?? (arch is null ? RealDataRecipe.FinalEpochs : recipe == TrainingRecipe.Tuned ? 80 : 10),
                BatchSize = parse.GetValue(batchOption),
                Seed = parse.GetValue(seedOption),
                LearningRate = parse.GetValue(lrOption),
                Dropout = parse.GetValue(dropoutOption),
                ClassWeight = parse.GetValue(weightOption),
                Recipe = recipe,
                Threads = parse.GetValue(threadsOption),
                MaxShift = parse.GetValue(shiftOption) ?? -1,
            };
            IReadOnlyList<Architecture> architectures = arch is null ? [] : arch == "all" ? ArchitectureCatalog.Exercise : [ArchitectureCatalog.Find(arch)!];
            if (parse.GetValue(filtersOption) is not null || parse.GetValue(widthOption) is not null || parse.GetValue(hiddenOption) is not null)
            {
                if (arch != DeepBindNet.Name)
                    throw new Formats.InputException($"--filters, --filter-width and --hidden shape the {DeepBindNet.Name} architecture, not {arch}");
                var spec = DeepBindNet.Spec;
                var conv = (Conv)spec.Layers[0];
                architectures = [DeepBindNet.Create(parse.GetValue(filtersOption) ?? conv.Filters, parse.GetValue(widthOption) ?? conv.Kernel, parse.GetValue(hiddenOption) ?? spec.Head.Hidden)];
            }
            var (trainPath, peaksPath, genomePath) = (parse.GetValue(trainOption), parse.GetValue(peaksOption), parse.GetValue(genomeOption));
            if ((trainPath is null) == (peaksPath is null))
                throw new Formats.InputException("give the training data as --train FILE or as --peaks FILE --genome FASTA (one of the two)");
            if ((peaksPath is null) != (genomePath is null))
                throw new Formats.InputException(peaksPath is null ? "--genome goes with --peaks" : "--peaks needs --genome FASTA");
            var negatives = parse.GetValue(negativesOption)!;
            if (negatives == "genomic" && peaksPath is null)
                throw new Formats.InputException("--negatives genomic needs --peaks and --genome (it draws windows of the genome)");
            var request = new TrainRequest(architectures,
                trainPath, parse.GetValue(testOption), parse.GetValue(outOption)!, options, parse.GetValue(foldsOption), parse.GetValue(searchOption))
            {
                NegativesPath = negatives is "shuffle" or "genomic" ? null : negatives,
                FastaLabels = parse.GetValue(labelsOption),
                Peaks = peaksPath is null ? null : new PeakRequest(peaksPath, genomePath!, parse.GetValue(lengthOption), parse.GetValue(topOption),
                    negatives == "genomic" ? NegativeSource.Genomic : NegativeSource.Shuffled, Chromosomes(parse.GetValue(validOption)),
                    Chromosomes(parse.GetValue(testChromsOption)), options.Seed),
            };
            if (request.Peaks is null && (parse.GetValue(validOption) ?? parse.GetValue(testChromsOption)) is not null)
                throw new Formats.InputException("--valid-chroms and --test-chroms hold out chromosomes of --peaks");
            if (request.Peaks is not null && request.NegativesPath is not null)
                throw new Formats.InputException("--peaks takes --negatives shuffle or genomic");
            var outcomes = TrainingRun.Run(request, stderr);
            TrainingReport.Write(request.OutDirectory, outcomes);
            return CommandLine.Ok;
        });
        return command;
    }

    static string[] Chromosomes(string? list) =>
        list is null ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static TrainingRecipe Fail(System.CommandLine.Parsing.ArgumentResult result, string value)
    {
        result.AddError($"--recipe must be exercise or tuned, got '{value}'");
        return default;
    }
}
