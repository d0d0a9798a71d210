using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner;

/// <summary>Where the writer stage sends every scored window, in input order.</summary>
public interface IScanSink
{
    void BeginRecord(FastaRecord record);

    /// <summary>A window's probabilities; only the strands being scanned are meaningful.</summary>
    void Add(long start, long end, float plus, float minus);

    /// <summary>Consecutive windows of one record, in order.</summary>
    void AddRange(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<float> plus, ReadOnlySpan<float> minus)
    {
        for (int i = 0; i < starts.Length; i++)
            Add(starts[i], ends[i], plus[i], minus[i]);
    }

    void EndRecord();

    /// <summary>Called once after the last record: writes whatever was held back.</summary>
    void Finish();

    long Hits { get; }
}
