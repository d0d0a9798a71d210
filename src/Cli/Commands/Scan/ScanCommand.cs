using GenomeScan.Scanner.Network;
using System.CommandLine;
using GenomeScan.Formats;
using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Fasta;
using GenomeScan.Scanner;
using GenomeScan.Scanner.Calling;
using GenomeScan.Scanner.Output;
using GenomeScan.Scanner.Significance;
using GenomeScan.Scanner.Scoring;

namespace GenomeScan.Cli.Commands.Scan;

/// <summary><c>genomescan scan</c>: FASTA in, BED (or narrowPeak, bedGraph) out.</summary>
internal static class ScanCommand
{
    public static Command Build(Stream stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("fasta")
        {
            Description = "FASTA files (plain, gzip or bgzip, detected from the content); - or none for stdin",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var outputOption = CommonOptions.Output("Write here (a temporary name, renamed on success; a FIFO or device is written into) instead of stdout");
        var modelOption = new Option<string[]>("--model") { Description = "ONNX window classifier (input [N, L, 4] one-hot, output probability); repeat it to scan with several models at once, the name column telling them apart [default: the built-in model]" };
        var motifOption = new Option<string?>("--motif")
        {
            Description = "Scan with the PWMs of this motif file instead of a CNN (MEME, HOCOMOCO, JASPAR, TRANSFAC; every motif, or those --motif-name picks; the name column tells them apart): log-odds in bits against the input's composition, exact p-values; the 7th column holds the score",
        };
        var pvalueOption = new Option<double>("--pvalue")
        {
            Description = "Report windows whose p-value under the null (i.i.d. bases of the input's composition) is below this",
            DefaultValueFactory = _ => 1e-4,
        }.Check(v => v is > 0 and <= 1 ? null : $"--pvalue must be in (0, 1] (nothing has a p-value below 0), got {v}");
        var motifNameOption = new Option<string[]>("--motif-name") { Description = "Scan only these motifs of --motif (repeatable): a name, or NAME_…, NAME.…, …_NAME (SP1 picks SP1_HUMAN.H11MO.0.A and .1.A) [default: every motif of the file]", AllowMultipleArgumentsPerToken = false };
        var thresholdOption = new Option<double?>("--threshold") { Description = "Report windows whose probability (with --motif: log-odds score in bits) exceeds this instead (replaces --pvalue)" }.Finite();
        var qvalueOption = new Option<double?>("--qvalue") { Description = "Report windows whose Benjamini–Hochberg q-value is at most this instead (replaces --pvalue; reads the input twice)" }
            .Check(v => v is { } q && !(q > 0 && q <= 1) ? $"--qvalue must be in (0, 1], got {q}" : null);
        var formatOption = new Option<string>("--format") { Description = "bed (BED6 + log-odds: a model's logit, a matrix's bits), narrowpeak (with p, q and summit) or bedgraph (per-window probability)", DefaultValueFactory = _ => "bed" };
        formatOption.AcceptOnlyFromAmong("bed", "narrowpeak", "bedgraph");
        var backgroundOption = new Option<string?>("--background") { Description = "A FASTA whose windows make the null distribution, instead of i.i.d. bases" };
        var nullOption = new Option<string>("--null")
        {
            Description = "Random background behind p-values: iid (bases drawn with the input's composition), markov1 (a first-order Markov chain on the input's dinucleotide frequencies) or shuffle (a dinucleotide shuffle of 2 Mbp sampled from the input)",
            DefaultValueFactory = _ => "iid",
        };
        nullOption.AcceptOnlyFromAmong("iid", "markov1", "shuffle");
        var headerOption = new Option<bool>("--header") { Description = "Write a '#' line with the command and model first" };
        var regionOption = new Option<string[]>("--region", "-r")
        {
            Description = "Scan only this region (samtools syntax, 1-based inclusive: chr, chr:100, chr:100-200; repeatable), read through the .fai (and .gzi for bgzip) index, built when missing",
            AllowMultipleArgumentsPerToken = false,
        };
        var regionsOption = new Option<string?>("--regions") { Description = "Scan only the regions of this BED file (0-based starts)" };
        var noParseOption = new Option<bool>("--no-parse-coords") { Description = "Report records named chr:start-end (samtools faidx output) as they are, not in chr's coordinates" };
        var strideOption = new Option<int>("--stride") { Description = "Distance between window starts, 1 to the window length; a record's last window is aligned to its end", DefaultValueFactory = _ => ScanOptions.DefaultStride }.AtLeast(1);
        var strandOption = new Option<string>("--strand") { Description = "both, + or -: the minus strand scores the reverse complement of each window", DefaultValueFactory = _ => "both" };
        strandOption.AcceptOnlyFromAmong("both", "+", "-");
        var maxNOption = new Option<int>("--max-n") { Description = "Skip (and count) windows with more unknown bases (N, IUPAC) than this", DefaultValueFactory = _ => ScanOptions.DefaultMaxUnknown }.AtLeast(0);
        var noMergeOption = new Option<bool>("--no-merge") { Description = "One record per window passing the cut-off, instead of merging overlapping or touching windows of a strand" };
        var batchOption = new Option<int>("--batch-size") { Description = "Windows per inference batch (window engine)", DefaultValueFactory = _ => 1024 }
            .AtLeast(1).AtMost(1 << 20, "each batch holds its windows' one-hot input in memory");
        var engineOption = new Option<string>("--engine")
        {
            Description = "auto: dense when the model's graph is understood, else window; dense: all windows of 4-kbp stretches in one pass "
                + "(on a CPU with AVX2 through our SIMD kernels: table-lookup first convolution, Winograd F(4,3) for kernels of 3k taps and F(2,2)⊗F(4,3) for 6k; otherwise through the model's dense form in ONNX Runtime); "
                + "dense-onnx: the dense form in ONNX Runtime always; window: each window on its own (any ONNX window classifier). shared and shared-onnx are the old names of dense and dense-onnx",
            DefaultValueFactory = _ => "auto",
        };
        engineOption.AcceptOnlyFromAmong("auto", "dense", "dense-onnx", "window", "shared", "shared-onnx");
        var threadsOption = CommonOptions.Threads();
        var deviceOption = CommonOptions.Device();
        var quietOption = new Option<bool>("--quiet", "-q") { Description = "No progress and no summary line on stderr" };

        var command = new Command("scan", "Scan FASTA genomes with the model in windows on both strands and write BED with p-values.")
        {
            inputs, outputOption, modelOption, motifOption, motifNameOption, pvalueOption, qvalueOption, thresholdOption, formatOption, backgroundOption, nullOption, headerOption, regionOption, regionsOption, noParseOption,
            strideOption, strandOption, maxNOption, noMergeOption, batchOption, engineOption, threadsOption, deviceOption, quietOption,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(thresholdOption) is { Implicit: false } && result.GetResult(qvalueOption) is { Implicit: false })
                result.AddError("--threshold and --qvalue are alternatives: give one");
            if (result.GetResult(motifOption) is { Implicit: false } && result.GetResult(modelOption) is { Implicit: false })
                result.AddError("--model and --motif are alternatives: give one");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool quiet = parse.GetValue(quietOption);
            var request = new ScanRequest
            {
                Inputs = parse.GetValue(inputs) is { Length: > 0 } given ? given : [InputStreams.Stdin],
                Output = parse.GetValue(outputOption)!,
                ModelPath = parse.GetValue(modelOption) is [var single] ? single : null,
                ModelPaths = parse.GetValue(modelOption) ?? [],
                MotifPath = parse.GetValue(motifOption),
                MotifNames = parse.GetValue(motifNameOption) ?? [],
                Device = parse.GetValue(deviceOption),
                CutOff = new CutOffSpec
                {
                    PValue = parse.GetValue(pvalueOption),
                    Threshold = parse.GetValue(thresholdOption) is { } t ? (float)t : null,
                    QValue = parse.GetValue(qvalueOption),
                },
                Format = parse.GetValue(formatOption) switch { "narrowpeak" => OutputFormat.NarrowPeak, "bedgraph" => OutputFormat.BedGraph, _ => OutputFormat.Bed },
                Null = new NullSpec
                {
                    Background = parse.GetValue(backgroundOption),
                    Kind = parse.GetValue(nullOption) switch { "markov1" => NullKind.Markov1, "shuffle" => NullKind.Shuffle, _ => NullKind.Iid },
                },
                Header = parse.GetValue(headerOption) ? HeaderLine(parse) : null,
                Quiet = quiet,
                Options = new ScanOptions
                {
                    Stride = parse.GetValue(strideOption),
                    // A PWM window with an unknown base is skipped by default, as FIMO skips it.
                    MaxUnknown = parse.GetValue(motifOption) is not null && parse.GetResult(maxNOption) is null or { Implicit: true } ? 0 : parse.GetValue(maxNOption),
                    Strands = parse.GetValue(strandOption) switch { "+" => Strands.Plus, "-" => Strands.Minus, _ => Strands.Both },
                    Engine = ScorerFactory.Parse(parse.GetValue(engineOption)!)!.Value,
                    BatchSize = parse.GetValue(batchOption),
                    Threads = parse.GetValue(threadsOption),
                    Merge = !parse.GetValue(noMergeOption),
                    Progress = !quiet && !Console.IsErrorRedirected,
                    Regions = Regions(parse.GetValue(regionOption), parse.GetValue(regionsOption)),
                    ParseCoordinates = !parse.GetValue(noParseOption),
                },
            };
            ScanSummary summary;
            try
            {
                summary = await ScanRun.RunAsync(request, stdout, stderr, cancellationToken);
            }
            catch (EngineUnavailableException e)
            {
                throw new InputException($"{e.Model}: --engine {parse.GetValue(engineOption)} does not understand this model's graph; use --engine window");
            }
            if (!quiet)
                stderr.WriteLine(summary.ToLine(request.Options.MaxUnknown, request.Options.Strands));
            return CommandLine.Ok;
        });
        return command;
    }

    static List<GenomicRegion>? Regions(string[]? given, string? bedPath)
    {
        var regions = (given ?? []).Select(GenomicRegion.Parse).ToList();
        if (bedPath is not null)
            regions.AddRange(BedRegions.Read(bedPath));
        return regions.Count > 0 ? regions : null;
    }

    static string HeaderLine(ParseResult parse) =>
        $"# genomescan {ModelMetadata.Version} {string.Join(' ', parse.Tokens.Select(t => t.Value))}";
}
