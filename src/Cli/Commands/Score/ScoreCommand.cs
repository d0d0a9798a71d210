using System.CommandLine;
using GenomeScan.Scanner;

namespace GenomeScan.Cli.Commands.Score;

/// <summary><c>genomescan score</c>: one score per record (peaks, promoters), wherever in it the site lies.</summary>
internal static class ScoreCommand
{
    public static Command Build(Stream stdout, TextWriter stderr)
    {
        var input = new Argument<string>("sequences") { Description = "FASTA (plain, gzip or bgzip) or DeepBind's .seq/.seq.gz" };
        var modelOption = CommonOptions.Model();
        var outputOption = CommonOptions.Output();
        var threadsOption = CommonOptions.Threads();
        var quietOption = new Option<bool>("--quiet", "-q") { Description = "No summary line on stderr" };
        var command = new Command("score", "Score whole records: per record its best window over every placement that touches it (padded with N), both strands, with that window's p-value under the model's null; TSV.")
        {
            input, modelOption, outputOption, threadsOption, quietOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ScoreRequest(parse.GetValue(input)!, parse.GetValue(outputOption)!, parse.GetValue(modelOption), parse.GetValue(threadsOption), parse.GetValue(quietOption));
            await ScoreRun.RunAsync(request, stdout, stderr, cancellationToken);
            return CommandLine.Ok;
        });
        return command;
    }
}
