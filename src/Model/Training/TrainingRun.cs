using System.Globalization;
using System.Text;
using GenomeScan.Formats;
using GenomeScan.Formats.Datasets;
using GenomeScan.Model.Architectures;
using GenomeScan.Model.Evaluation;
using GenomeScan.Model.Onnx;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Model.Training;

/// <summary>What <c>genomescan train</c> asks for.</summary>
/// <remarks>
/// No <c>Architectures</c>: the real-data recipe (<see cref="RealDataRecipe"/>) with <c>SearchTrials</c>
/// candidates (1: its default, no search), written as <c>model.onnx</c>.
/// </remarks>
/// <remarks>
/// Training data is <c>TrainPath</c> (labelled sequences) or <c>Peaks</c> (peaks and a genome); the test set
/// is <c>TestPath</c>, else the peaks' test chromosomes, else a seeded 10% of the training pairs. Positives
/// without negatives get dinucleotide shuffles, genomic windows (peaks only) or <c>NegativesPath</c>'s FASTA.
/// </remarks>
internal sealed record TrainRequest(
    IReadOnlyList<Architecture> Architectures, string? TrainPath, string? TestPath, string OutDirectory,
    TrainingOptions Options, int Folds = 0, int SearchTrials = RealDataRecipe.DefaultTrials)
{
    public PeakRequest? Peaks { get; init; }

    public string? NegativesPath { get; init; }

    /// <summary>FASTA training and test files carry each record's label at the end of its header (<c>--labels</c>).</summary>
    public bool FastaLabels { get; init; }
}

/// <summary>One architecture's result: final metrics on the test file and the files written.</summary>
internal sealed record ArchitectureOutcome(Architecture Architecture, ClassifierMetrics TestMetrics, IReadOnlyList<EpochReport> History,
    int BestEpoch, double Seconds, string? OnnxPath, CrossValidationSummary? CrossValidation, IReadOnlyList<SearchTrial>? Search = null);

/// <summary>
/// The library entry point of <c>train</c>: for each architecture, fit and export the model
/// (<c>ARCH.onnx</c> and <c>ARCH.json</c>); with folds, k-fold cross-validation of each architecture
/// instead (see <see cref="CrossValidation"/>). Returns what happened; <see cref="Reports.TrainingReport"/>
/// writes the learning reports and plots from it.
/// </summary>
internal static class TrainingRun
{
    public static IReadOnlyList<ArchitectureOutcome> Run(TrainRequest request, TextWriter log)
    {
        var data = Load(request, log);
        var (train, test) = (data.Train, data.Test);
        // Real binding data has no strand; the exercise's sites lie on the given one.
        if (data.RealData && !request.Options.BothStrands)
            request = request with { Options = request.Options with { BothStrands = true } };
        // A negative shift asks for the default: random shifts for real data, none for the exercise's.
        if (request.Options.MaxShift < 0)
            request = request with { Options = request.Options with { MaxShift = data.RealData ? TrainingOptions.RealDataShift : 0 } };
        if (request.Architectures.Count == 0 && !data.RealData)
            throw new InputException($"{request.TrainPath}: the exercise's CSV needs --arch (v1–v7, deepbind or all); the default recipe is for real binding data");
        foreach (var arch in request.Architectures)
        {
            try
            {
                arch.Shapes(train.Length);
            }
            catch (ArgumentException)
            {
                throw new InputException($"{request.Peaks?.PeaksPath ?? request.TrainPath}: {train.Length}-bp sequences are too short for architecture {arch.Name}");
            }
        }
        Directory.CreateDirectory(request.OutDirectory);
        if (request.Options.Threads > 0)
            TorchSharp.torch.set_num_threads(request.Options.Threads);

        var inputs = data;
        if (request.Architectures.Count == 0)
            return [RunRecipe(request, inputs, log)];
        var outcomes = new List<ArchitectureOutcome>();
        foreach (var arch in request.Architectures)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (request.Folds > 1)
            {
                var cv = CrossValidation.Run(arch, train, test, request.Options, request.Folds, log);
                outcomes.Add(new ArchitectureOutcome(arch, cv.MeanTestMetrics, cv.MeanHistory, request.Options.Epochs, clock.Elapsed.TotalSeconds, null, cv));
                continue;
            }
            using var result = Trainer.Train(arch, train, test, request.Options, r => log.WriteLine(EpochLine(arch.Name, r, request.Options.Epochs)));
            outcomes.Add(Export(request, inputs, arch, request.Options, result, arch.Name, null, clock, log));
        }
        return outcomes;
    }

    /// <summary>
    /// The data a run trains and tests on. <see cref="Paired"/>: the second half of <see cref="Train"/>'s rows are the
    /// negatives made from the first half, row for row. <see cref="Validation"/>: held-out chromosomes, when given.
    /// </summary>
    sealed record TrainingInputs(LabelledDataset Train, LabelledDataset? Validation, LabelledDataset Test, bool Paired, bool RealData,
        string TrainHash, string? TestHash, string TestDescription, PeakCounts? Peaks);

    /// <summary>Reads the training data (labelled file or peaks + genome), adds negatives, and finds the test set.</summary>
    static TrainingInputs Load(TrainRequest request, TextWriter log)
    {
        var seed = request.Options.Seed;
        LabelledDataset train;
        LabelledDataset? validation = null, test = null;
        bool paired = false, realData = true;
        PeakCounts? counts = null;
        string trainHash;
        string trainName;
        if (request.Peaks is { } peaks)
        {
            var sets = PeakTrainingData.Build(peaks);
            counts = sets.Counts;
            log.WriteLine($"train: {peaks.PeaksPath}: {counts}");
            log.WriteLine($"train: {peaks.Length}-bp windows centred on summits; negatives: {(peaks.Negatives == NegativeSource.Shuffled ? "one dinucleotide shuffle of each" : $"a window of the same chromosome away from every peak, GC within {PeakTrainingData.GcTolerance} of its positive's")}");
            (train, validation, test) = (sets.Train, sets.Validation, sets.Test);
            paired = true;
            trainHash = FileHash.Sha256(peaks.PeaksPath);
            trainName = peaks.PeaksPath;
        }
        else
        {
            trainName = request.TrainPath ?? throw new InputException("no training data: give --train, or --peaks and --genome");
            LabelledSequences.Layout layout;
            SequenceFitting fitting;
            (train, fitting, layout) = LabelledSequences.Read(trainName, fastaLabels: request.FastaLabels);
            realData = layout != LabelledSequences.Layout.ExerciseCsv;
            if (fitting.Cropped + fitting.Padded > 0)
                log.WriteLine($"train: {trainName}: {fitting}");
            if (train.Positives == train.Count)
            {
                if (request.NegativesPath is { } negativesPath)
                {
                    var (negatives, negativeFitting) = LabelledSequences.ReadFasta(null, negativesPath, train.Length);
                    if (negativeFitting.Cropped + negativeFitting.Padded > 0)
                        log.WriteLine($"train: {negativesPath}: {negativeFitting}");
                    train = Concat(train, negatives);
                    log.WriteLine($"train: negatives from {negativesPath} ({negatives.Count:N0})");
                }
                else
                {
                    train = ShuffledNegatives.AddTo(train, seed);
                    paired = true;
                    log.WriteLine($"train: {trainName} has positives only: one dinucleotide shuffle of each added as a negative ({train.Count / 2:N0} + {train.Count / 2:N0})");
                }
            }
            trainHash = FileHash.Sha256(trainName);
        }
        if (train.Positives == 0 || train.Positives == train.Count)
            throw new InputException($"{trainName}: training needs both classes: {train.Positives:N0} positives of {train.Count:N0} sequences");
        string testDescription;
        string? testHash = null;
        if (request.TestPath is { } testPath)
        {
            var (fromFile, testFitting, _) = LabelledSequences.Read(testPath, train.Length, request.FastaLabels);
            if (testFitting.Cropped + testFitting.Padded > 0)
                log.WriteLine($"train: {testPath}: {testFitting}");
            if (fromFile.Length != train.Length)
                throw new InputException($"{testPath}: sequences are {fromFile.Length} bp but {trainName} has {train.Length} bp");
            test = fromFile;
            testHash = FileHash.Sha256(testPath);
            testDescription = testPath;
        }
        else if (test is not null)
            testDescription = $"the test chromosomes ({string.Join(",", request.Peaks!.TestChromosomes)})";
        else
        {
            // A seeded random tenth of the training pairs (or rows) is set aside as the test set.
            (train, test) = RealDataRecipe.Split(train, paired, seed ^ 0x7E57UL);
            testDescription = $"a random tenth of {trainName} (seed {seed})";
        }
        log.WriteLine($"train: {train.Count:N0} training sequences{(validation is null ? "" : $", {validation.Count:N0} validation (held-out chromosomes)")}, {test.Count:N0} test ({testDescription})");
        return new TrainingInputs(train, validation, test, paired, realData, trainHash, testHash, testDescription, counts);
    }

    static LabelledDataset Concat(LabelledDataset a, LabelledDataset b) =>
        new(a.Length, [.. a.Codes, .. b.Codes], [.. a.Labels, .. b.Labels], [.. Enumerable.Range(0, a.Count + b.Count)]);

    /// <summary>The real-data recipe: split, search, fit the winner, write <c>model.onnx</c>.</summary>
    static ArchitectureOutcome RunRecipe(TrainRequest request, TrainingInputs inputs, TextWriter log)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var options = request.Options;
        var (fit, validation) = inputs.Validation is { } given ? (inputs.Train, given) : RealDataRecipe.Split(inputs.Train, inputs.Paired, options.Seed);
        if (inputs.Validation is null)
            log.WriteLine($"train: validation: {validation.Count:N0} of the {inputs.Train.Count:N0} training sequences{(inputs.Paired ? " (a positive and its negative on one side)" : "")}; the test set is only reported");
        var candidates = RealDataRecipe.Candidates(request.SearchTrials, options.Seed);
        var trials = candidates.Count > 1 ? RealDataRecipe.Search(candidates, fit, validation, options, log) : null;
        var best = trials?[0].Parameters ?? RealDataRecipe.Default;
        if (trials is not null)
            log.WriteLine($"search: chose {best}");
        var finalOptions = options with { Recipe = TrainingRecipe.Tuned, LearningRate = best.LearningRate, Dropout = best.Dropout, Patience = 8 };
        var arch = best.Architecture;
        using var result = Trainer.Train(arch, fit, inputs.Test, finalOptions, r => log.WriteLine(EpochLine(arch.Name, r, finalOptions.Epochs)), holdOut: validation);
        return Export(request, inputs, arch, finalOptions, result, "model", trials, clock, log);
    }

    /// <summary>Scores the test file, writes <c>NAME.onnx</c> and <c>NAME.json</c>, and says so.</summary>
    static ArchitectureOutcome Export(TrainRequest request, TrainingInputs inputs, Architecture arch, TrainingOptions options, TrainingResult result,
        string fileName, IReadOnlyList<SearchTrial>? trials, System.Diagnostics.Stopwatch clock, TextWriter log)
    {
        var (train, test) = (inputs.Train, inputs.Test);
        var probabilities = Trainer.Predict(result.Net, test, options.BothStrands);
        var metrics = ClassifierMetrics.Compute(probabilities, test.Labels);
        var metadata = new ModelMetadata
        {
            Name = $"genomescan-{arch.Name}",
            Arch = arch.Name,
            Layers = arch.Description,
            WindowLength = train.Length,
            Parameters = arch.ParameterCount(),
            Epochs = result.History.Count,
            BestEpoch = result.BestEpoch,
            Seed = options.Seed,
            Recipe = trials is not null ? "search" : options.Recipe.ToString().ToLowerInvariant(),
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            Dropout = options.Dropout,
            ClassWeight = options.ClassWeight.ToString().ToLowerInvariant(),
            Strands = options.BothStrands ? "both" : "given",
            MaxShift = options.MaxShift,
            Metrics = new MetricsSummary(metrics.Accuracy, metrics.Auroc, metrics.Auprc, metrics.LogLoss),
            TrainingData = request.Peaks?.PeaksPath ?? request.TrainPath,
            TrainingDataSha256 = inputs.TrainHash,
            TestData = inputs.TestDescription,
            ValidationDataSha256 = inputs.TestHash ?? "",
            Genome = request.Peaks?.GenomePath,
            Peaks = inputs.Peaks is { } c ? new PeakSummary(c.InFile, c.Chosen, c.Used, c.MissingChromosome, c.OffEnd, c.GcUnmatched,
                request.Peaks!.Negatives.ToString().ToLowerInvariant(), request.Peaks.ValidationChromosomes.ToList(), request.Peaks.TestChromosomes.ToList()) : null,
            Search = trials?.Select(t => new SearchTrialSummary(t.Parameters.Filters, t.Parameters.Width, t.Parameters.Hidden, t.Parameters.Dropout,
                t.Parameters.LearningRate, Math.Round(t.ValidationAuroc, 4), Math.Round(t.ValidationLoss, 4), t.Epochs, Math.Round(t.Seconds, 1))).ToList(),
            GenomescanVersion = ModelMetadata.Version,
            Opset = OnnxExporter.Opset,
            Input = $"{OnnxExporter.InputName}: float32 [batch, {train.Length}, 4] one-hot A C G T",
            Output = $"{OnnxExporter.OutputName}: float32 [batch, 1]",
        };
        var json = metadata.ToJson();
        var onnxPath = Path.Combine(request.OutDirectory, $"{fileName}.onnx");
        AtomicFile.WriteAllBytes(onnxPath, OnnxExporter.Export(result.Net, train.Length, json));
        AtomicFile.WriteAllBytes(Path.Combine(request.OutDirectory, $"{fileName}.json"), Encoding.UTF8.GetBytes(json + "\n"));
        log.WriteLine($"{arch.Name}: test accuracy {F(metrics.Accuracy)}, AUROC {F(metrics.Auroc)}, log loss {F(metrics.LogLoss)} ({clock.Elapsed.TotalSeconds:F1} s) -> {onnxPath}");
        return new ArchitectureOutcome(arch, metrics, result.History, result.BestEpoch, clock.Elapsed.TotalSeconds, onnxPath, null, trials);
    }

    /// <summary>Keras' per-epoch line.</summary>
    public static string EpochLine(string name, EpochReport r, int epochs)
    {
        var line = $"{name} Epoch {r.Epoch}/{epochs} - {r.Seconds:F1}s - loss: {r.Loss:F4} - acc: {r.Accuracy:F4} - val_loss: {r.ValidationLoss:F4} - val_acc: {r.ValidationAccuracy:F4}";
        if (r.HoldOutLoss is { } hl && r.HoldOutAccuracy is { } ha)
            line += $" - holdout_loss: {hl:F4} - holdout_acc: {ha:F4} - lr: {r.LearningRate:G3}";
        return line;
    }

    static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

}
