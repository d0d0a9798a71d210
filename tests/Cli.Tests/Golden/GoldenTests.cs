namespace GenomeScan.Cli.Tests.Golden;

/// <summary>
/// Golden command lines (samtools' test/*.expected): each folder of tests/Golden/cases holds
/// <c>args.txt</c> (one argument a line; <c>$INPUTS</c> is a fresh copy of tests/Golden/inputs),
/// <c>expected.out</c> (stdout), and for failures <c>expected.err</c> and <c>expected.exit</c>.
/// GENOMESCAN_REDO_OUTPUTS=1 rewrites the expected files, to be reviewed as a diff.
/// </summary>
public sealed class GoldenTests
{
    static string Root => Path.Combine(RepoRoot.Path, "tests", "Golden");

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(Root, "cases")).Order(StringComparer.Ordinal))
            cases.Add(Path.GetFileName(dir));
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheCommandGivesTheExpectedOutput(string name)
    {
        var dir = Path.Combine(Root, "cases", name);
        var inputs = Directory.CreateTempSubdirectory("gs-golden-");
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Root, "inputs")))
                File.Copy(file, Path.Combine(inputs.FullName, Path.GetFileName(file)));
            var args = File.ReadAllLines(Path.Combine(dir, "args.txt")).Where(l => l.Length > 0)
                .Select(a => a.Replace("$INPUTS", inputs.FullName, StringComparison.Ordinal)).ToArray();
            var result = CliRunner.Run(args);
            string Portable(string text) => text.Replace(inputs.FullName, "$INPUTS", StringComparison.Ordinal);
            GenomeScan.Tests.Golden.Check(Path.Combine(dir, "expected.out"), Portable(result.Stdout));
            var exitPath = Path.Combine(dir, "expected.exit");
            if (result.ExitCode != 0 || File.Exists(exitPath))
            {
                GenomeScan.Tests.Golden.Check(exitPath, $"{result.ExitCode}\n");
                GenomeScan.Tests.Golden.Check(Path.Combine(dir, "expected.err"), Portable(result.Stderr));
            }
        }
        finally
        {
            inputs.Delete(true);
        }
    }
}
