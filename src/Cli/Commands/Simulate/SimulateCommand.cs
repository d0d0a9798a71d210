using System.CommandLine;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Cli.Commands.Simulate;

/// <summary><c>genomescan simulate</c>: regenerate the exercise's motif data set.</summary>
internal static class SimulateCommand
{
    public static Command Build(TextWriter stderr)
    {
        var outOption = CommonOptions.OutputDirectory("Output directory for PREFIX_train.csv and PREFIX_test.csv");
        var seedOption = CommonOptions.Seed("Random seed; the same seed gives byte-identical files");
        var countOption = new Option<int>("--count") { Description = "Number of sequences, half with the motif (even, ≥ 4)", DefaultValueFactory = _ => 20_000 };
        var lengthOption = new Option<int>("--length") { Description = "Sequence length in bp", DefaultValueFactory = _ => 100 };
        var motifOption = new Option<string?>("--motif") { Description = "Motif file (HOCOMOCO .pcm/.pwm/.pfm, MEME, JASPAR, TRANSFAC); a file of several needs --motif-name [default: built-in FOXO1_HUMAN.H11MO.0.A]" };
        var motifNameOption = new Option<string?>("--motif-name") { Description = "The motif of --motif to plant: its name, or NAME_…, NAME.…, …_NAME when that picks one" };
        var backgroundOption = new Option<string?>("--background") { Description = "Draw the sequences' bases from random stretches of this FASTA (plain or gzip; random strand, no N) instead of uniform bases; positives get the site over the centre" };
        var fractionOption = new Option<double>("--background-fraction") { Description = "With --background: the fraction of sequences, in each class, drawn from it (the rest uniform)", DefaultValueFactory = _ => 1.0 };
        fractionOption.Check(v => v is < 0 or > 1 ? $"--background-fraction must be between 0 and 1, got {v}" : null);
        countOption.Check(v => v < 4 || v % 2 != 0 ? $"--count must be an even number of at least 4, got {v}" : null);
        lengthOption.AtLeast(1);

        var command = new Command("simulate", "Regenerate the exercise's data set: uniform sequences and sequences with a centred motif site, split into train and test CSVs.")
        {
            outOption, seedOption, countOption, lengthOption, motifOption, motifNameOption, backgroundOption, fractionOption,
        };
        command.SetAction(parse =>
        {
            var motifPath = parse.GetValue(motifOption);
            if (motifPath is null && parse.GetValue(motifNameOption) is not null)
                throw new Formats.InputException("--motif-name picks a motif of --motif FILE");
            var motif = motifPath is null ? MotifReader.BuiltIn() : MotifReader.PickOne(motifPath, parse.GetValue(motifNameOption));
            int length = parse.GetValue(lengthOption);
            var background = parse.GetValue(backgroundOption) is { } backgroundPath ? GenomeBackground.Read(backgroundPath, length) : null;
            var options = new SimulationOptions(parse.GetValue(countOption), length, parse.GetValue(seedOption), background, parse.GetValue(fractionOption));
            var (train, test) = MotifDatasetSimulator.Simulate(motif, options);
            var (trainPath, testPath) = MotifDatasetSimulator.WriteFiles(parse.GetValue(outOption)!, motif.ShortName, train, test);
            stderr.WriteLine($"simulate: {motif.Name} ({motif.Length} bp), {train.Count} train + {test.Count} test sequences of {options.Length} bp, seed {options.Seed}{BackgroundNote(options)} -> {trainPath}, {testPath}");
            return CommandLine.Ok;
        });
        return command;
    }

    static string BackgroundNote(SimulationOptions options) => options.Background is { } genome
        ? FormattableString.Invariant($", background {options.BackgroundFraction:0.##} from {genome.Source} ({genome.Bases:N0} bp)")
        : "";
}
