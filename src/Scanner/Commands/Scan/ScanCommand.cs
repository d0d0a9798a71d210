using System.CommandLine;
using GenomeScan.Formats;
using GenomeScan.Model.Onnx;
using GenomeScan.Scanner.Scan;

namespace GenomeScan.Scanner.Commands.Scan;

/// <summary><c>genomescan scan</c>: FASTA in, BED out.</summary>
public static class ScanCommand
{
    public static Command Build(Stream stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("fasta")
        {
            Description = "FASTA files (plain, gzip or bgzip, detected from the content); - or none for stdin",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var outputOption = new Option<string>("--output", "-o") { Description = "Write BED here (a temporary name, renamed on success) instead of stdout", DefaultValueFactory = _ => "-" };
        var modelOption = CommonOptions.Model();
        var thresholdOption = new Option<double>("--threshold") { Description = "Report windows whose probability exceeds this", DefaultValueFactory = _ => ScanOptions.DefaultThreshold }.Between(0, 1);
        var strideOption = new Option<int>("--stride") { Description = "Distance between window starts, 1 to the window length; a record's last window is aligned to its end", DefaultValueFactory = _ => ScanOptions.DefaultStride }.AtLeast(1);
        var strandOption = new Option<string>("--strand") { Description = "both, + or -: the minus strand scores the reverse complement of each window", DefaultValueFactory = _ => "both" };
        strandOption.AcceptOnlyFromAmong("both", "+", "-");
        var maxNOption = new Option<int>("--max-n") { Description = "Skip (and count) windows with more unknown bases (N, IUPAC) than this", DefaultValueFactory = _ => ScanOptions.DefaultMaxUnknown }.AtLeast(0);
        var noMergeOption = new Option<bool>("--no-merge") { Description = "One record per window above the threshold, instead of merging overlapping or touching windows of a strand" };
        var batchOption = new Option<int>("--batch-size") { Description = "Windows per inference batch (window engine)", DefaultValueFactory = _ => 1024 }.AtLeast(1);
        var engineOption = new Option<string>("--engine")
        {
            Description = "auto: shared when the model's graph is understood, else window; shared: all windows of 4-kbp stretches in one pass "
                + "(one-convolution models on the CPU through our SIMD kernel, others through the model's dense form in ONNX Runtime); "
                + "shared-onnx: the dense form in ONNX Runtime always; window: each window on its own (any ONNX window classifier)",
            DefaultValueFactory = _ => "auto",
        };
        engineOption.AcceptOnlyFromAmong("auto", "shared", "shared-onnx", "window");
        var threadsOption = CommonOptions.Threads();
        var deviceOption = CommonOptions.Device();
        var quietOption = new Option<bool>("--quiet", "-q") { Description = "No progress and no summary line on stderr" };

        var command = new Command("scan", "Scan FASTA genomes with the model in windows on both strands and write BED6 + probability.")
        {
            inputs, outputOption, modelOption, thresholdOption, strideOption, strandOption, maxNOption, noMergeOption,
            batchOption, engineOption, threadsOption, deviceOption, quietOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var paths = parse.GetValue(inputs) is { Length: > 0 } given ? given : [Formats.Fasta.InputStreams.Stdin];
            var outputPath = parse.GetValue(outputOption)!;
            if (outputPath != "-" && paths.Any(p => p != "-" && Path.GetFullPath(p) == Path.GetFullPath(outputPath)))
                throw new InputException($"{outputPath}: refusing to overwrite the input");
            int threads = parse.GetValue(threadsOption);
            var modelPath = parse.GetValue(modelOption);
            var device = parse.GetValue(deviceOption);
            using var model = modelPath is null ? OnnxWindowClassifier.LoadBuiltIn(device, 1) : OnnxWindowClassifier.Load(modelPath, device, 1);
            if (model.Metadata is { Alphabet: { } alphabet } && alphabet != "ACGT")
                throw new InputException($"{model.Source}: model alphabet '{alphabet}' is not ACGT");
            bool quiet = parse.GetValue(quietOption);
            if (model.FallbackReason is not null && !quiet)
                stderr.WriteLine($"scan: {model.FallbackReason}");
            var engine = parse.GetValue(engineOption);
            using var shared = engine == "window" ? null : SharedScanModel.TryCreate(model, 1);
            if (shared is null && engine is "shared" or "shared-onnx")
                throw new InputException($"{model.Source}: --engine {engine} does not understand this model's graph; use --engine window");
            var network = shared is not null && engine != "shared-onnx" && model.Device == ExecutionDevice.Cpu
                ? SharedScanGraph.TryRead(model.ModelBytes) : null;
            var options = new ScanOptions
            {
                Engine = shared is null ? ScanEngine.Window : ScanEngine.Shared,
                Stride = parse.GetValue(strideOption),
                MaxUnknown = parse.GetValue(maxNOption),
                Strands = parse.GetValue(strandOption) switch { "+" => Strands.Plus, "-" => Strands.Minus, _ => Strands.Both },
                BatchSize = parse.GetValue(batchOption),
                Threads = threads,
                Threshold = (float)parse.GetValue(thresholdOption),
                Merge = !parse.GetValue(noMergeOption),
                Progress = !quiet && !Console.IsErrorRedirected,
            };
            if (options.Stride > model.WindowLength)
                throw new InputException($"--stride {options.Stride} is longer than the model's {model.WindowLength}-bp window: bases between windows would not be scanned");
            using var target = OutputTarget.Open(outputPath, stdout);
            Func<IWindowScorer> newScorer = shared is null
                ? () => new OnnxWindowScorer(model, options.BatchSize)
                : FusedConvMaxScorer.TryCreate(network, model.WindowLength, options.SegmentBases) is not null
                    ? () => FusedConvMaxScorer.TryCreate(network, model.WindowLength, options.SegmentBases)!
                    : () => new SharedScorer(shared, options.SegmentBases);
            var summary = await ScanPipeline.RunAsync(paths, newScorer, model.WindowLength,
                model.Name, options, target.Stream, stderr, cancellationToken);
            target.Commit();
            if (!quiet)
                stderr.WriteLine(summary.ToLine(options.MaxUnknown, options.Strands));
            return Cli.Ok;
        });
        return command;
    }
}
