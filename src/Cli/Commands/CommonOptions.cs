using GenomeScan.Scanner;
using System.CommandLine;

namespace GenomeScan.Cli.Commands;

/// <summary>Flags shared by several subcommands, declared once.</summary>
internal static class CommonOptions
{
    public static Option<int> Threads() => new Option<int>("--threads", "-j")
    {
        Description = "Worker threads (default: the number of cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    }.AtLeast(1).AtMost(256, "each thread keeps its own buffers");

    public static Option<ulong> Seed(string description = "Random seed") => new("--seed") { Description = description, DefaultValueFactory = _ => 0 };

    /// <summary>A result file: <c>-o/--output</c>, stdout by default; a file is written under a temporary name and renamed on success.</summary>
    public static Option<string> Output(string what = "Write here instead of stdout (a temporary name, renamed on success)") => new Option<string>("--output", "-o")
    {
        Description = what,
        DefaultValueFactory = _ => "-",
    }.Check(OutputProblem);

    /// <summary>
    /// What can be known about an output path before any work: it names something, is not a directory, and
    /// its folder exists (whether it can be written shows when it is written: a full disk, permissions).
    /// </summary>
    public static string? OutputProblem(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            return "--output must name a file (or - for stdout)";
        if (path == "-")
            return null;
        if (Directory.Exists(path))
            return $"--output {path}: is a directory";
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            return $"--output {path}: the folder {folder} does not exist";
        return null;
    }

    /// <summary>An output directory: one spelling, <c>--out</c>, for every subcommand that writes several files.</summary>
    public static Option<string> OutputDirectory(string what) => new("--out") { Description = what, Required = true };

    /// <summary>FASTA input as a positional argument, as in samtools and bedtools.</summary>
    public static Argument<string> Fasta(string what) => new("fasta") { Description = what };

    /// <summary>Writes a command's text result to <paramref name="path"/> (atomically) or, for <c>-</c>, to stdout.</summary>
    public static void WriteResult(string path, string text, TextWriter stdout)
    {
        if (path == "-")
            stdout.Write(text);
        else
            GenomeScan.Formats.AtomicFile.WriteAllText(path, text);
    }

    public static Option<string?> Model() => new("--model")
    {
        Description = "ONNX window classifier (input [N, L, 4] one-hot, output probability) [default: the built-in model]",
    };

    public static Option<ExecutionDevice> Device() => new("--device")
    {
        Description = "auto: CUDA when it loads, else the CPU (one line on stderr says why); cpu; cuda: fail when CUDA cannot load",
        DefaultValueFactory = _ => ExecutionDevice.Auto,
    };
}
