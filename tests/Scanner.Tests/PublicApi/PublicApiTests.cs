using PublicApiGenerator;

namespace GenomeScan.Scanner.Tests.PublicApi;

/// <summary>
/// The libraries' public surface, snapshotted: a change to it fails here until the snapshot is rewritten
/// (GENOMESCAN_REDO_OUTPUTS=1) and the diff reviewed.
/// </summary>
public class PublicApiTests
{
    [Theory]
    [InlineData("GenomeScan.Scanner")]
    [InlineData("GenomeScan.Formats")]
    public void ThePublicApiIsTheApprovedOne(string assembly)
    {
        var type = assembly == "GenomeScan.Scanner" ? typeof(WindowModel) : typeof(GenomeScan.Formats.InputException);
        var api = type.Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false, ExcludeAttributes = ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute", "System.Runtime.CompilerServices.AsyncStateMachineAttribute"] }).ReplaceLineEndings("\n");
        var path = Path.Combine(RepoRoot.Path, "tests", "Scanner.Tests", "PublicApi", assembly + ".txt");
        Golden.Check(path, api);
    }

    [Fact]
    public void TheScanningLibraryIsSmall()
    {
        var types = typeof(WindowModel).Assembly.GetExportedTypes();
        Assert.InRange(types.Length, 1, 20);
    }
}
