using GenomeScan.Scanner.Commands;

using var stdout = Console.OpenStandardOutput();
return Cli.Run(args, Console.Out, stdout, Console.Error);
