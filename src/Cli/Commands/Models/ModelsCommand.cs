using System.CommandLine;
using GenomeScan.Model.Architectures;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Cli.Commands.Models;

/// <summary><c>genomescan models</c>: Keras-style summaries of the architectures and the built-in model.</summary>
internal static class ModelsCommand
{
    public static Command Build(TextWriter stdout)
    {
        var lengthOption = new Option<int>("--length") { Description = "Window length for the output shapes", DefaultValueFactory = _ => 100 }.AtLeast(1);
        var command = new Command("models", "Summarise each architecture (layers, output shapes, parameters) and the built-in model.") { lengthOption };
        command.SetAction(parse =>
        {
            int length = parse.GetValue(lengthOption);
            foreach (var arch in ArchitectureCatalog.All)
            {
                try
                {
                    stdout.WriteLine(ModelSummary.Format(arch, length));
                }
                catch (ArgumentException)
                {
                    stdout.WriteLine($"Model: {arch.Name}: needs windows longer than {length} bp\n");
                }
            }
            using var builtIn = OnnxWindowClassifier.LoadBuiltIn();
            var m = builtIn.Metadata;
            stdout.WriteLine($"Built-in model: {builtIn.Name} (arch {m?.Arch}, {m?.Parameters:N0} params, {builtIn.WindowLength}-bp windows, recipe {m?.Recipe}, seed {m?.Seed}, best epoch {m?.BestEpoch} of {m?.Epochs})");
            if (m?.Metrics is { } metrics)
                stdout.WriteLine($"  test accuracy {metrics.Accuracy:F4}, AUROC {metrics.Auroc:F4}, AUPRC {metrics.Auprc:F4}, log loss {metrics.LogLoss:F4} on its validation data (sha256 {m.ValidationDataSha256[..12]}…)");
            return CommandLine.Ok;
        });
        return command;
    }
}
