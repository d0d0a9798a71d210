using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner;

/// <summary>Where the writer stage sends every scored window, in input order.</summary>
public interface IScanSink
{
    /// <summary>A record begins: its windows follow, in start order.</summary>
    void BeginRecord(FastaRecord record);

    /// <summary>A window's probabilities; only the strands being scanned are meaningful.</summary>
    void Add(long start, long end, float plus, float minus);

    /// <summary>Consecutive windows of one record, in order.</summary>
    void AddRange(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<float> plus, ReadOnlySpan<float> minus)
    {
        for (int i = 0; i < starts.Length; i++)
            Add(starts[i], ends[i], plus[i], minus[i]);
    }

    /// <summary>The record's last window has been handed over.</summary>
    void EndRecord();

    /// <summary>Called once after the last record: writes whatever was held back.</summary>
    void Finish();

    /// <summary>How many records the sink has called (written, or counted).</summary>
    long Hits { get; }
}
