namespace GenomeScan.Tests;

/// <summary>
/// Expected outputs kept in the repository. With GENOMESCAN_REDO_OUTPUTS=1 a mismatch rewrites the expected
/// file instead of failing (samtools' --redo-outputs), so a change is reviewed as a diff.
/// </summary>
internal static class Golden
{
    public const string RedoVariable = "GENOMESCAN_REDO_OUTPUTS";

    public static bool Redo => Environment.GetEnvironmentVariable(RedoVariable) == "1";

    public static void Check(string expectedPath, string actual)
    {
        if (Redo && (!File.Exists(expectedPath) || File.ReadAllText(expectedPath) != actual))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(expectedPath)!);
            File.WriteAllText(expectedPath, actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing: run the tests with {RedoVariable}=1 to write it, then review it");
        var expected = File.ReadAllText(expectedPath);
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            int line = 0;
            while (line < Math.Min(e.Length, a.Length) && e[line] == a[line])
                line++;
            Assert.Fail($"{expectedPath}:{line + 1}: expected '{(line < e.Length ? e[line] : "(end)")}', got '{(line < a.Length ? a[line] : "(end)")}' ({RedoVariable}=1 rewrites it)");
        }
    }
}
