using System.IO.Compression;
using System.Text;
using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Compression;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Formats.Tests;

/// <summary>
/// Every reader, fed damaged versions of a valid file (bytes flipped, inserted, cut, files spliced) and plain
/// noise: it returns, or throws <see cref="InputException"/> — the one line the command prints — and never
/// anything else (a stack trace). Seeded, so a failure reruns byte for byte. (Coverage-guided fuzzing of the
/// same readers with SharpFuzz and AFL++ is issue 14's next step.)
/// </summary>
public sealed class ReaderRobustnessTests : IDisposable
{
    const int Rounds = 600;
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-robust-");

    public void Dispose() => dir.Delete(true);

    static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(bytes);
        return output.ToArray();
    }

    static readonly byte[] FastaSample = Encoding.ASCII.GetBytes(">chr1 first\nACGTNNacgtRYKM\nACGT\n>chr2\n\nGGGGCCCCAAAATTTT\n;comment\nACGU\n");

    /// <summary>The readers, each with a valid sample and how it reads a file.</summary>
    public static TheoryData<string> Readers => ["fasta", "fasta.gz", "motif-meme", "motif-transfac", "motif-jaspar", "bed", "peaks", "csv", "seq", "fai", "gzi"];

    static (byte[] Sample, Action<string> Read) Reader(string name) => name switch
    {
        "fasta" => (FastaSample, path => FastaReader.ReadRecords(path)),
        "fasta.gz" => (Gzip(FastaSample), path => FastaReader.ReadRecords(path)),
        "motif-meme" => (Encoding.ASCII.GetBytes("MEME version 4\n\nALPHABET= ACGT\n\nMOTIF MA1 alt\nletter-probability matrix: alength= 4 w= 2 nsites= 20\n0.5 0.5 0 0\n0.1 0.2 0.3 0.4\n"), path => MotifReader.ReadFile(path)),
        "motif-transfac" => (Encoding.ASCII.GetBytes("AC M1\nXX\nID X_HUMAN\nXX\nP0 A C G T\n1 1 2 3 4\n2 4 3 2 1\nXX\n//\n"), path => MotifReader.ReadFile(path)),
        "motif-jaspar" => (Encoding.ASCII.GetBytes(">MA0480.1 Foxo1\nA [ 1 0 3 ]\nC [ 1 0 0 ]\nG [ 1 0 0 ]\nT [ 1 10 1 ]\n"), path => MotifReader.ReadFile(path)),
        "bed" => (Encoding.ASCII.GetBytes("track name=x\nchr1\t10\t20\tn\t0\t+\nchr2\t0\t5\n"), path => BedRegions.Read(path)),
        "peaks" => (Encoding.ASCII.GetBytes("chr1\t100\t300\tp1\t500\t.\t8.5\t9.1\t7.2\t90\nchr2\t50\t250\tp2\t300\t.\t4\t5\t3\t-1\n"), path => PeakFile.Read(path)),
        "csv" => (Encoding.ASCII.GetBytes(",0,1,2,label\n0,1,2,3,1\n1,0,0,3,0\n"), path => DatasetCsv.Read(path)),
        "seq" => (Encoding.ASCII.GetBytes("FoldID\tEventID\tseq\tBound\nA\tseq_0\tACGTACGTACGT\t1\nA\tseq_1\tTTGCAACGTACG\t0\n"), path => LabelledSequences.Read(path)),
        "fai" => (Encoding.ASCII.GetBytes("chr1\t14\t13\t14\t15\nchr2\t20\t40\t16\t17\n"), path => FastaIndex.Read(path)),
        "gzi" => ([.. BitConverter.GetBytes(1L), .. BitConverter.GetBytes(100L), .. BitConverter.GetBytes(65280L)], path => BgzfIndex.Read(path)),
        _ => throw new ArgumentException(name),
    };

    static readonly string[] Tokens = ["\t", "\n", ">", "-1", "NaN", "1e400", "\r\n", "//", "P0", "MOTIF x", "\0"];

    /// <summary>A damaged copy of <paramref name="sample"/>, or noise.</summary>
    static byte[] Damage(byte[] sample, Random rng)
    {
        var bytes = new List<byte>(sample);
        int edits = rng.Next(1, 6);
        for (int e = 0; e < edits; e++)
        {
            int at = bytes.Count == 0 ? 0 : rng.Next(bytes.Count);
            switch (rng.Next(6))
            {
                case 0 when bytes.Count > 0: bytes[at] = (byte)rng.Next(256); break;
                case 1: bytes.Insert(at, (byte)rng.Next(256)); break;
                case 2 when bytes.Count > 0: bytes.RemoveRange(at, rng.Next(1, Math.Min(16, bytes.Count - at) + 1)); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                case 4: bytes.InsertRange(at, Encoding.ASCII.GetBytes(Tokens[rng.Next(Tokens.Length)])); break;
                default: bytes.InsertRange(at, sample.Skip(rng.Next(sample.Length)).Take(rng.Next(1, 40))); break;
            }
        }
        if (rng.Next(20) == 0)
        {
            var noise = new byte[rng.Next(0, 300)];
            rng.NextBytes(noise);
            return noise;
        }
        return [.. bytes];
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void AnyBytesGiveAResultOrOneInputError(string reader)
    {
        var (sample, read) = Reader(reader);
        var path = Path.Combine(dir.FullName, "input");
        // The sample itself reads.
        File.WriteAllBytes(path, sample);
        read(path);
        var rng = new Random(reader.Length * 7919 + reader[0]);
        int refused = 0;
        for (int round = 0; round < Rounds; round++)
        {
            var bytes = Damage(sample, rng);
            File.WriteAllBytes(path, bytes);
            try
            {
                read(path);
            }
            catch (InputException e)
            {
                refused++;
                Assert.False(e.Message.Contains('\n'), $"{reader}, round {round}: a message of several lines: {e.Message}");
            }
            catch (Exception e)
            {
                Assert.Fail($"{reader}, round {round}: {e.GetType().Name} escaped for input {Convert.ToBase64String(bytes)}: {e}");
            }
        }
        // The damage is real: some of it is refused.
        Assert.True(refused > Rounds / 20, $"{reader}: only {refused} of {Rounds} damaged inputs refused");
    }
}
