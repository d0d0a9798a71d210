using GenomeScan.Cli.Commands;

using var stdout = Console.OpenStandardOutput();
return CommandLine.Run(args, Console.Out, stdout, Console.Error);
