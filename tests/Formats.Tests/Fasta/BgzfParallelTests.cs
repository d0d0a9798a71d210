using System.Text;
using GenomeScan.Formats.Compression;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Formats.Tests.Fasta;

/// <summary>
/// bgzip input inflated block-parallel (libdeflate) against the sequential zlib reader, on files the real
/// bgzip wrote: the same bytes over several groups of blocks, a plain gzip member after the blocks, and
/// truncated or damaged files refused with the bad block's byte offset, never shortened output.
/// </summary>
[Collection(nameof(BgzfParallelTests))]
public sealed class BgzfParallelTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-bgzf-");

    public void Dispose()
    {
        Parallelism.BgzfBlocks = true;
        dir.Delete(true);
    }

    /// <summary>A FASTA of about 10 MB (three groups of blocks), bgzipped by bgzip; its path.</summary>
    string Bgzipped()
    {
        Shell.Require("bgzip");
        var rng = new Random(5);
        var text = new StringBuilder();
        for (int r = 0; r < 3; r++)
        {
            text.Append($">r{r}\n");
            for (int line = 0; line < 55_000; line++)
                text.Append(new string(Enumerable.Range(0, 60).Select(_ => "ACGTN"[rng.Next(rng.Next(50) == 0 ? 5 : 4)]).ToArray())).Append('\n');
        }
        var fasta = Path.Combine(dir.FullName, "g.fa");
        File.WriteAllText(fasta, text.ToString());
        var run = Shell.Run($"bgzip -c {fasta} > {fasta}.gz");
        Assert.True(run.ExitCode == 0, run.Stderr);
        return fasta + ".gz";
    }

    static byte[] ReadAll(string path, bool parallel)
    {
        Parallelism.BgzfBlocks = parallel;
        try
        {
            var (stream, _) = InputStreams.Open(path);
            using (stream)
            {
                Assert.Equal(parallel, stream is NamedDamage { Inner: BgzfParallelStream });
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            }
        }
        finally
        {
            Parallelism.BgzfBlocks = true;
        }
    }

    [Fact]
    public void InflatesAsTheSequentialReaderDoes()
    {
        Assert.True(BgzfParallelStream.IsAvailable, "libdeflate (Debian's libdeflate0) is not installed: run ./test.sh, which installs it");
        var path = Bgzipped();
        var parallel = ReadAll(path, true);
        Assert.True(parallel.Length > 3 * BgzfParallelStream.GroupBlocks * 65280 * 2 / 3, "the file should span several groups of blocks");
        Assert.Equal(File.ReadAllBytes(path[..^3]), parallel);
        Assert.Equal(ReadAll(path, false), parallel);
    }

    [Fact]
    public void APlainGzipMemberAfterTheBlocksIsReadToo()
    {
        var path = Bgzipped();
        var extra = Path.Combine(dir.FullName, "more.fa");
        File.WriteAllText(extra, ">more\nACGTACGT\n");
        var run = Shell.Run($"gzip -c {extra} >> {path}");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var parallel = ReadAll(path, true);
        Assert.Equal(ReadAll(path, false), parallel);
        Assert.EndsWith(">more\nACGTACGT\n", Encoding.ASCII.GetString(parallel));
    }

    [Theory]
    [InlineData("truncated", "truncated gzip stream")]
    [InlineData("payload", "corrupt gzip stream (the bgzip block at byte")]
    [InlineData("crc", "fails its CRC-32 check")]
    public void DamageIsAnErrorNamingTheBlock(string damage, string expected)
    {
        var path = Bgzipped();
        var bytes = File.ReadAllBytes(path);
        // The blocks' offsets from their headers: damage one in the second group.
        var offsets = new List<int>();
        for (int at = 0; at < bytes.Length; at += BitConverter.ToUInt16(bytes, at + 16) + 1)
            offsets.Add(at);
        int block = offsets[BgzfParallelStream.GroupBlocks + 3], next = offsets[BgzfParallelStream.GroupBlocks + 4];
        switch (damage)
        {
            case "truncated":
                bytes = bytes[..(block + 100)];
                break;
            case "payload":
                for (int i = block + 40; i < block + 60; i++)
                    bytes[i] ^= 0x5a;
                break;
            case "crc":
                bytes[next - 8] ^= 1;
                break;
        }
        File.WriteAllBytes(path, bytes);
        // One line naming the file, with the reader's own words.
        var error = Assert.Throws<InputException>(() => ReadAll(path, true));
        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains(expected, error.Message);
        if (damage != "truncated")
            Assert.Contains($"at byte {block}", error.Message);
        // The sequential reader refuses it too.
        Assert.Throws<InputException>(() => ReadAll(path, false));
    }
}
