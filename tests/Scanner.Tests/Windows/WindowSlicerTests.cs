using System.Text;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner.Tests.Windows;

public class WindowSlicerTests
{
    sealed record Window(string Record, long Start, long End, string Codes);

    /// <summary>The windows a record must give, by brute force over the whole record.</summary>
    static (List<Window> Scored, long Skipped) Reference(IEnumerable<(string Name, string Bases)> records, int length, int stride, int maxN)
    {
        var scored = new List<Window>();
        long skipped = 0;
        foreach (var (name, bases) in records)
        {
            int n = bases.Length;
            var starts = new List<int>();
            if (n >= length)
            {
                for (int s = 0; s + length <= n; s += stride)
                    starts.Add(s);
                if (starts[^1] + length < n)
                    starts.Add(n - length);
            }
            else if (n > 0)
                starts.Add(0);
            foreach (var s in starts)
            {
                int end = Math.Min(s + length, n);
                var slice = bases[s..end];
                if (slice.Count(c => c == 'N') > maxN)
                {
                    skipped++;
                    continue;
                }
                scored.Add(new Window(name, s, end, slice.PadRight(length, 'N')));
            }
        }
        return (scored, skipped);
    }

    static async Task<(List<Window> Scored, long Skipped, long Empty)> Slice(string fasta, int length, int stride, int maxN, int chunkSize, int batchSize,
        IReadOnlyList<(string Name, string Bases)>? records = null, int? codeCapacity = null)
    {
        var slicer = new WindowSlicer(length, stride, maxN, chunkSize);
        var batch = new WindowBatch(batchSize, length, codeCapacity ?? batchSize * (length + 2 * ScanOptions.ContextBases));
        var windows = new List<Window>();
        void Drain()
        {
            // Each segment carries the record's bases around it: as much context as the record has, up to the limit.
            for (int i = 0; records is not null && i < batch.Segments.Count; i++)
            {
                var segment = batch.Segments[i];
                var bases = records.Single(r => r.Name == segment.Record.Name).Bases;
                long end = segment.Start + segment.Length;
                Assert.Equal(Math.Min(ScanOptions.ContextBases, segment.Start), segment.Before);
                Assert.Equal(Math.Min(ScanOptions.ContextBases, bases.Length - end), segment.After);
                Assert.Equal(bases[(int)(segment.Start - segment.Before)..(int)(end + segment.After)],
                    string.Concat(batch.SegmentCodesWithContext(i).ToArray().Select(c => "ACGTN"[c])));
            }
            for (int w = 0; w < batch.Count; w++)
                windows.Add(new Window(batch.Record(w).Name, batch.Starts[w], batch.Ends[w],
                    string.Concat(batch.Window(w).ToArray().Select(c => "ACGTN"[c])).PadRight(length, 'N')));
            batch.Reset();
        }
        await using var reader = new FastaReader(new MemoryStream(Encoding.ASCII.GetBytes(fasta)), "t.fa", chunkSize);
        await foreach (var chunk in reader.ReadChunksAsync())
        {
            slicer.Add(chunk);
            while (slicer.Fill(batch))
                Drain();
        }
        Drain();
        return (windows, slicer.WindowsSkipped, slicer.EmptyRecords);
    }

    [Theory]
    [InlineData(10, 1, 0)]
    [InlineData(10, 3, 2)]
    [InlineData(10, 10, 10)]
    [InlineData(12, 7, 3)]
    [InlineData(5, 5, 0)]
    public async Task WindowsMatchABruteForceReferenceAcrossChunkBoundaries(int length, int stride, int maxN)
    {
        var rng = new Random(length * 100 + stride);
        for (int round = 0; round < 25; round++)
        {
            var records = new List<(string, string)>();
            var fasta = new StringBuilder();
            int count = rng.Next(1, 5);
            for (int r = 0; r < count; r++)
            {
                int n = rng.Next(0, 4) switch { 0 => rng.Next(0, length + 2), 1 => length, _ => rng.Next(length, 120) };
                var bases = new char[n];
                for (int i = 0; i < n; i++)
                    bases[i] = "ACGT"[rng.Next(4)];
                // An N run (an assembly gap) in some records.
                if (n > 4 && rng.Next(2) == 0)
                {
                    int at = rng.Next(n), run = rng.Next(1, Math.Min(40, n - at) + 1);
                    for (int i = at; i < at + run; i++)
                        bases[i] = 'N';
                }
                var text = new string(bases);
                records.Add(($"r{r}", text));
                fasta.Append($">r{r}\n");
                for (int i = 0; i < n; i += 13)
                    fasta.Append(text.AsSpan(i, Math.Min(13, n - i))).Append('\n');
            }
            var (expected, expectedSkipped) = Reference(records, length, stride, maxN);
            int chunkSize = rng.Next(1, 50);
            var (actual, skipped, empty) = await Slice(fasta.ToString(), length, stride, maxN, chunkSize, rng.Next(1, 9), records);
            Assert.Equal(expected, actual);
            Assert.Equal(expectedSkipped, skipped);
            // Room for many windows but few codes (as in the shared engine): the codes fill a batch first.
            var (tight, tightSkipped, _) = await Slice(fasta.ToString(), length, stride, maxN, chunkSize, 1000, records,
                length + 2 * ScanOptions.ContextBases + rng.Next(0, 3 * length));
            Assert.Equal(expected, tight);
            Assert.Equal(expectedSkipped, tightSkipped);
            Assert.Equal(records.Count(r => r.Item2.Length == 0), empty);
        }
    }

    [Fact]
    public async Task EveryBaseIsCoveredByAWindowOrACountedSkip()
    {
        var bases = new string(Enumerable.Range(0, 1003).Select(i => "ACGT"[i * 7 % 4]).ToArray());
        var (windows, skipped, _) = await Slice($">a\n{bases}\n", 100, 100, 10, 64, 4);
        Assert.Equal(0, skipped);
        Assert.Equal(11, windows.Count);
        Assert.Equal(903, windows[^1].Start);
        var covered = new bool[1003];
        foreach (var w in windows)
            for (long i = w.Start; i < w.End; i++)
                covered[i] = true;
        Assert.All(covered, Assert.True);
    }

    [Fact]
    public void StrideLongerThanTheWindowIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowSlicer(100, 101, 10, 1000));
    }
}
