using GenomeScan.Formats;

namespace GenomeScan.Cli.Tests.Commands;

/// <summary>
/// `-o` onto something that is not a regular file — a FIFO, a character device — is written into, never
/// replaced by a renamed temporary file (issue 14: as root `-o /dev/full` used to replace the device node).
/// </summary>
public sealed class SpecialOutputTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-special-");

    public void Dispose() => dir.Delete(true);

    static readonly string Genome = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");

    [Fact]
    public async Task AFifoIsWrittenIntoAndStaysAFifo()
    {
        var fifo = Path.Combine(dir.FullName, "out.fifo");
        var made = Shell.Run($"mkfifo '{fifo}'");
        Assert.True(made.ExitCode == 0, made.Stderr);
        Assert.True(SpecialFiles.IsSpecial(fifo));
        var reader = Task.Run(() => File.ReadAllText(fifo));
        var scan = CliRunner.Run("scan", "-q", Genome, "-r", "chr2R:1-200000", "-o", fifo);
        Assert.True(scan.ExitCode == 0, scan.Stderr);
        var received = await reader.WaitAsync(TimeSpan.FromMinutes(1));
        var expected = CliRunner.Run("scan", "-q", Genome, "-r", "chr2R:1-200000");
        Assert.NotEmpty(expected.Stdout);
        Assert.Equal(expected.Stdout, received);
        Assert.True(SpecialFiles.IsSpecial(fifo), "the FIFO was replaced");
        Assert.Empty(dir.EnumerateFiles("*.tmp"));
    }

    [Fact]
    public void ACharacterDeviceIsWrittenIntoAndStaysADevice()
    {
        // A null device of our own (mknod needs root; elsewhere only the regular-file case is checked).
        var node = Path.Combine(dir.FullName, "null");
        if (Shell.Run($"mknod -m 666 '{node}' c 1 3").ExitCode == 0)
        {
            var scan = CliRunner.Run("scan", "-q", Genome, "-r", "chr2R:1-100000", "-o", node);
            Assert.True(scan.ExitCode == 0, scan.Stderr);
            Assert.True(SpecialFiles.IsSpecial(node), "the device node was replaced");
            Assert.Equal("character special file", Shell.Run($"stat -c %F '{node}'").Stdout.Trim());
        }
        // A regular file is still replaced whole, through a temporary name.
        var file = Path.Combine(dir.FullName, "out.bed");
        File.WriteAllText(file, "old\n");
        Assert.False(SpecialFiles.IsSpecial(file));
        Assert.Equal(0, CliRunner.Run("scan", "-q", Genome, "-r", "chr2R:1-100000", "-o", file).ExitCode);
        Assert.DoesNotContain("old", File.ReadAllText(file));
        Assert.False(SpecialFiles.IsSpecial(dir.FullName));
    }
}
