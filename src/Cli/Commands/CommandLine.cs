using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using GenomeScan.Formats;
using GenomeScan.Cli.Commands.Evaluate;
using GenomeScan.Cli.Commands.Explain;
using GenomeScan.Cli.Commands.Filters;
using GenomeScan.Cli.Commands.Models;
using GenomeScan.Cli.Commands.Report;
using GenomeScan.Cli.Commands.Scan;
using GenomeScan.Cli.Commands.Score;
using GenomeScan.Cli.Commands.Simulate;
using GenomeScan.Cli.Commands.Train;
using GenomeScan.Cli.Commands.Variants;

namespace GenomeScan.Cli.Commands;

/// <summary>The root command: wires the subcommands and turns errors into one line and an exit code.</summary>
internal static class CommandLine
{
    public const int Ok = 0;
    public const int UsageError = 1;
    public const int InputError = 1;

    public static RootCommand Build(TextWriter stdout, Stream stdoutStream, TextWriter stderr)
    {
        var root = new RootCommand("genomescan: find transcription-factor binding sites in genomes with convolutional neural networks.")
        {
            SimulateCommand.Build(stderr),
            TrainCommand.Build(stderr),
            EvaluateCommand.Build(stdout),
            ModelsCommand.Build(stdout),
            FiltersCommand.Build(stdout),
            ExplainCommand.Build(stdout, stderr),
            ReportCommand.Build(stderr),
            ScanCommand.Build(stdoutStream, stderr),
            ScoreCommand.Build(stdoutStream, stderr),
            VariantsCommand.Build(stdoutStream, stderr),
        };
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdout, null, stderr);

    /// <summary>Runs the command line; binary results (BED) go to <paramref name="stdoutStream"/>, or through <paramref name="stdout"/> when null.</summary>
    public static int Run(string[] args, TextWriter stdout, Stream? stdoutStream, TextWriter stderr)
    {
        var root = Build(stdout, stdoutStream ?? new TextWriterStream(stdout), stderr);
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            var command = parse.CommandResult.Command;
            var name = command == root ? "genomescan" : $"genomescan {command.Name}";
            // The parser may add "Required command was not provided" beside the real complaint.
            var error = parse.Errors.FirstOrDefault(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal)) ?? parse.Errors[0];
            var message = string.Join(' ', error.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            stderr.WriteLine($"{name}: {message} (see '{name} --help')");
            return UsageError;
        }
        // SIGINT and SIGTERM cancel the work (its temporary files go, the -o target stays as it was) and
        // end the run with one line and the shell's code for the signal.
        using var interrupt = new CancellationTokenSource();
        int signalExit = 0;
        PosixSignalRegistration Register(PosixSignal signal, int exit) => PosixSignalRegistration.Create(signal, context =>
        {
            if (Interlocked.CompareExchange(ref signalExit, exit, 0) == 0)
            {
                context.Cancel = true;
                interrupt.Cancel();
            }
        });
        using var sigint = Register(PosixSignal.SIGINT, Interrupted);
        using var sigterm = Register(PosixSignal.SIGTERM, Terminated);
        try
        {
            // Fault injection for the tests of this handler: a bug the library would not own up to as bad input.
            if (Environment.GetEnvironmentVariable(FaultVariable) == "1")
                throw new InvalidOperationException($"a fault injected by {FaultVariable}");
            var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            int code = parse.InvokeAsync(configuration, interrupt.Token).GetAwaiter().GetResult();
            return signalExit != 0 ? SignalExit(stderr, signalExit) : code;
        }
        catch (Exception) when (signalExit != 0)
        {
            return SignalExit(stderr, signalExit);
        }
        catch (InputException e)
        {
            // The library names a value that does not fit; the command line names the flag that gave it.
            stderr.WriteLine(e.ValueName is { } name ? $"genomescan: --{name} {e.Value}{e.Problem}" : $"genomescan: {e.Message}");
            return InputError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The system's own words (no space left, permission denied, a closed pipe) name the file.
            stderr.WriteLine($"genomescan: {OneLine(e.Message)}");
            return InputError;
        }
        catch (OutOfMemoryException)
        {
            stderr.WriteLine("genomescan: out of memory (a smaller --batch-size or fewer --threads needs less)");
            return InputError;
        }
        catch (Exception e)
        {
            // A bug of ours: one line, the stack trace only when asked for.
            bool debug = Environment.GetEnvironmentVariable(DebugVariable) is "1" or "true";
            stderr.WriteLine($"genomescan: internal error: {e.GetType().Name}: {OneLine(e.Message)}" + (debug ? "" : $" (set {DebugVariable}=1 for the details, and please report it)"));
            if (debug)
                stderr.WriteLine(e.ToString());
            return InternalError;
        }
    }

    /// <summary>Exit codes for the signals, as shells report them (128 + the signal's number), and for our own bugs (EX_SOFTWARE).</summary>
    public const int Interrupted = 130, Terminated = 143, InternalError = 70;

    /// <summary>Set to 1 to make the run fail as a bug of ours would (tests of the handler).</summary>
    public const string FaultVariable = "GENOMESCAN_TEST_FAULT";

    /// <summary>Set to 1 to have an internal error's stack trace written.</summary>
    public const string DebugVariable = "GENOMESCAN_DEBUG";

    static int SignalExit(TextWriter stderr, int exit)
    {
        stderr.WriteLine($"genomescan: stopped by {(exit == Interrupted ? "SIGINT" : "SIGTERM")}; nothing was written to the output");
        return exit;
    }

    static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
