using System.CommandLine;
using System.CommandLine.Invocation;
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
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (InputException e)
        {
            // The library names a value that does not fit; the command line names the flag that gave it.
            stderr.WriteLine(e.ValueName is { } name ? $"genomescan: --{name} {e.Value}{e.Problem}" : $"genomescan: {e.Message}");
            return InputError;
        }
    }
}
