using GenomeScan.Scanner;
using System.CommandLine;
using GenomeScan.Model.Onnx;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Cli.Commands;

/// <summary>Flags shared by several subcommands, declared once.</summary>
internal static class CommonOptions
{
    public static Option<int> Threads() => new Option<int>("--threads", "-j")
    {
        Description = "Worker threads (default: the number of cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    }.AtLeast(1);

    public static Option<ulong> Seed() => new("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };

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
