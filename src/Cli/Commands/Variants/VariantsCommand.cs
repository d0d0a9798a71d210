using System.CommandLine;
using GenomeScan.Scanner.Variants;

namespace GenomeScan.Cli.Commands.Variants;

/// <summary><c>genomescan variants</c>: which VCF alleles make or break a site, by a model or a matrix.</summary>
internal static class VariantsCommand
{
    public static Command Build(Stream stdout, TextWriter stderr)
    {
        var vcfOption = new Option<string>("--vcf") { Description = "Variants: VCF (plain, gzip or bgzip; - for stdin), any order; SNVs, MNVs and indels, multi-allelic lines split per ALT", Required = true };
        var genomeOption = new Option<string>("--genome") { Description = "The reference FASTA (plain or bgzip, indexed as samtools faidx does; the index is built when missing)", Required = true };
        var modelOption = new Option<string[]>("--model") { Description = "ONNX window classifier(s) to score with (repeatable) [default: the built-in model]" };
        var motifOption = new Option<string?>("--motif") { Description = "Score with the PWMs of this motif file instead (MEME, HOCOMOCO, JASPAR, TRANSFAC): log-odds in bits against the genome's composition, exact p-values" };
        var motifNameOption = new Option<string[]>("--motif-name") { Description = "Only these motifs of --motif (repeatable) [default: every motif of the file]", AllowMultipleArgumentsPerToken = false };
        var outputOption = CommonOptions.Output("Write here (VCF bgzip-compressed when the name ends in .gz, indexable by tabix) instead of stdout");
        var formatOption = new Option<string>("--format") { Description = "vcf (the input's sites with INFO fields per scorer), tsv (a line per allele and scorer) or bed (per allele and scorer, the stronger allele's best window)", DefaultValueFactory = _ => "vcf" }
            .AcceptOnlyFromAmong("vcf", "tsv", "bed");
        var pvalueOption = new Option<double>("--pvalue") { Description = "An allele's best window passes when its p-value is below this (stricter than scan's 1e-4: each allele's best of many placements faces it)", DefaultValueFactory = _ => 5e-5 }
            .Check(v => v is > 0 and <= 1 ? null : $"--pvalue must be in (0, 1], got {v}");
        var marginOption = new Option<double>("--margin") { Description = "A gain or loss also needs the alleles' -log10 p to differ by at least this", DefaultValueFactory = _ => 1 }
            .Check(v => v is >= 0 and < 1000 ? null : $"--margin must be between 0 and 1000, got {v}");
        var refMismatchOption = new Option<string>("--ref-mismatch") { Description = "A REF that does not match the genome: error (stop, naming the line) or skip (count it, write the site unscored)", DefaultValueFactory = _ => "error" }
            .AcceptOnlyFromAmong("error", "skip");
        var threadsOption = CommonOptions.Threads();
        var deviceOption = CommonOptions.Device();
        var quietOption = new Option<bool>("--quiet", "-q") { Description = "No summary lines on stderr" };
        var command = new Command("variants", "Score VCF alleles: for each scorer, the best window over every placement that reads the allele, both strands, on the reference and the alternate haplotype; p-values, the change, and a gain/loss call.")
        {
            vcfOption, genomeOption, modelOption, motifOption, motifNameOption, outputOption, formatOption, pvalueOption, marginOption, refMismatchOption, threadsOption, deviceOption, quietOption,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(motifOption) is { Implicit: false } && result.GetResult(modelOption) is { Implicit: false })
                result.AddError("--model and --motif are alternatives: give one");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new VariantRequest
            {
                Vcf = parse.GetValue(vcfOption)!,
                Genome = parse.GetValue(genomeOption)!,
                ModelPaths = parse.GetValue(modelOption) ?? [],
                MotifPath = parse.GetValue(motifOption),
                MotifNames = parse.GetValue(motifNameOption) ?? [],
                Output = parse.GetValue(outputOption)!,
                Format = parse.GetValue(formatOption) switch { "tsv" => VariantFormat.Tsv, "bed" => VariantFormat.Bed, _ => VariantFormat.Vcf },
                PValue = parse.GetValue(pvalueOption),
                Margin = parse.GetValue(marginOption),
                SkipRefMismatch = parse.GetValue(refMismatchOption) == "skip",
                Threads = parse.GetValue(threadsOption),
                Device = parse.GetValue(deviceOption),
                Quiet = parse.GetValue(quietOption),
            };
            await VariantRun.RunAsync(request, stdout, stderr, cancellationToken);
            return CommandLine.Ok;
        });
        return command;
    }
}
