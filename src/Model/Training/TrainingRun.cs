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
internal sealed record TrainRequest(
    IReadOnlyList<Architecture> Architectures, string TrainPath, string TestPath, string OutDirectory,
    TrainingOptions Options, int Folds = 0);

/// <summary>One architecture's result: final metrics on the test file and the files written.</summary>
internal sealed record ArchitectureOutcome(Architecture Architecture, ClassifierMetrics TestMetrics, IReadOnlyList<EpochReport> History,
    int BestEpoch, double Seconds, string? OnnxPath, CrossValidationSummary? CrossValidation);

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
        var (train, trainFitting, layout) = LabelledSequences.Read(request.TrainPath);
        // Real binding data has no strand; the exercise's sites lie on the given one.
        bool realData = layout != LabelledSequences.Layout.ExerciseCsv;
        if (realData && !request.Options.BothStrands)
            request = request with { Options = request.Options with { BothStrands = true } };
        // A negative shift asks for the default: random shifts for real data, none for the exercise's.
        if (request.Options.MaxShift < 0)
            request = request with { Options = request.Options with { MaxShift = realData ? TrainingOptions.RealDataShift : 0 } };
        if (trainFitting.Cropped + trainFitting.Padded > 0)
            log.WriteLine($"train: {request.TrainPath}: {trainFitting}");
        if (train.Positives == train.Count)
        {
            train = ShuffledNegatives.AddTo(train, request.Options.Seed);
            log.WriteLine($"train: {request.TrainPath} has positives only: one dinucleotide shuffle of each added as a negative ({train.Count / 2:N0} + {train.Count / 2:N0})");
        }
        var (test, testFitting, _) = LabelledSequences.Read(request.TestPath, train.Length);
        if (testFitting.Cropped + testFitting.Padded > 0)
            log.WriteLine($"train: {request.TestPath}: {testFitting}");
        if (train.Length != test.Length)
            throw new InputException($"{request.TestPath}: sequences are {test.Length} bp but {request.TrainPath} has {train.Length} bp");
        foreach (var arch in request.Architectures)
        {
            try
            {
                arch.Shapes(train.Length);
            }
            catch (ArgumentException)
            {
                throw new InputException($"{request.TrainPath}: {train.Length}-bp sequences are too short for architecture {arch.Name}");
            }
        }
        Directory.CreateDirectory(request.OutDirectory);
        if (request.Options.Threads > 0)
            TorchSharp.torch.set_num_threads(request.Options.Threads);
        var trainHash = FileHash.Sha256(request.TrainPath);
        var testHash = FileHash.Sha256(request.TestPath);

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
            var probabilities = Trainer.Predict(result.Net, test, request.Options.BothStrands);
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
                Seed = request.Options.Seed,
                Recipe = request.Options.Recipe.ToString().ToLowerInvariant(),
                BatchSize = request.Options.BatchSize,
                LearningRate = request.Options.LearningRate,
                Dropout = request.Options.Dropout,
                ClassWeight = request.Options.ClassWeight.ToString().ToLowerInvariant(),
                Strands = request.Options.BothStrands ? "both" : "given",
                MaxShift = request.Options.MaxShift,
                Metrics = new MetricsSummary(metrics.Accuracy, metrics.Auroc, metrics.Auprc, metrics.LogLoss),
                TrainingDataSha256 = trainHash,
                ValidationDataSha256 = testHash,
                GenomescanVersion = ModelMetadata.Version,
                Opset = OnnxExporter.Opset,
                Input = $"{OnnxExporter.InputName}: float32 [batch, {train.Length}, 4] one-hot A C G T",
                Output = $"{OnnxExporter.OutputName}: float32 [batch, 1]",
            };
            var json = metadata.ToJson();
            var onnxPath = Path.Combine(request.OutDirectory, $"{arch.Name}.onnx");
            AtomicFile.WriteAllBytes(onnxPath, OnnxExporter.Export(result.Net, train.Length, json));
            AtomicFile.WriteAllBytes(Path.Combine(request.OutDirectory, $"{arch.Name}.json"), Encoding.UTF8.GetBytes(json + "\n"));
            log.WriteLine($"{arch.Name}: test accuracy {F(metrics.Accuracy)}, AUROC {F(metrics.Auroc)}, log loss {F(metrics.LogLoss)} ({clock.Elapsed.TotalSeconds:F1} s) -> {onnxPath}");
            outcomes.Add(new ArchitectureOutcome(arch, metrics, result.History, result.BestEpoch, clock.Elapsed.TotalSeconds, onnxPath, null));
        }
        return outcomes;
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
