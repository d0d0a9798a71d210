using System.IO.Compression;
using System.Text;
using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Compression;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Variants;

namespace GenomeScan.Tests;

/// <summary>
/// Every file reader a user's input reaches, each with a small valid sample and how it reads a file. One
/// table for the seeded property tests (tests/Formats.Tests) and the SharpFuzz + AFL++ harness (bench/Fuzz).
/// </summary>
public static class ReaderTargets
{
    /// <summary>The readers' names, in a stable order.</summary>
    public static readonly string[] Names = ["fasta", "fasta.gz", "motif-meme", "motif-transfac", "motif-jaspar", "bed", "peaks", "csv", "seq", "fai", "gzi", "vcf"];

    static readonly byte[] FastaSample = Encoding.ASCII.GetBytes(">chr1 first\nACGTNNacgtRYKM\nACGT\n>chr2\n\nGGGGCCCCAAAATTTT\n;comment\nACGU\n");

    /// <summary>A gzip member of <paramref name="bytes"/>.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(bytes);
        return output.ToArray();
    }

    static void ReadVcf(string path)
    {
        using var reader = VcfReader.Open(path);
        while (reader.ReadLine() is not null)
        {
        }
    }

    /// <summary>The valid sample of reader <paramref name="name"/> and how it reads a file.</summary>
    public static (byte[] Sample, Action<string> Read) Get(string name) => name switch
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
        "vcf" => (Encoding.ASCII.GetBytes("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr1\t10\trs1\tA\tC,<DEL>\t50\tPASS\tDP=3\nchr1\t20\t.\tACG\tA,*\t.\t.\t.\n"), ReadVcf),
        _ => throw new ArgumentException($"no reader named {name}", nameof(name)),
    };
}
