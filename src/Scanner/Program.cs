using GenomeScan.Scanner.Commands;

return Cli.Run(args, Console.Out, Console.Error);
