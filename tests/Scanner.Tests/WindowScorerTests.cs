using GenomeScan.Model.Architectures;

namespace GenomeScan.Scanner.Tests;

public class WindowScorerTests
{
    [Theory]
    [InlineData("v2", ScanEngine.Auto)]
    [InlineData("v5", ScanEngine.Auto)]
    [InlineData("v5", ScanEngine.DenseOnnx)]
    [InlineData("v5", ScanEngine.Window)]
    public async Task ASpanGetsTheScoresOfAScanOfTheSameBases(string arch, ScanEngine engine)
    {
        var rng = new Random(31);
        using var model = WindowModel.Open(RandomModels.Create(ArchitectureCatalog.Find(arch)!, 3), arch, new ModelOptions { Engine = engine, SegmentBases = 300, BatchSize = 17 });
        using var scorer = model.CreateScorer();
        var path = Path.GetTempFileName();
        try
        {
            foreach (var length in new[] { 1, 99, 100, 101, 777, 70_000 })
            {
                var bases = Enumerable.Range(0, length).Select(_ => (byte)"ACGTacgtN"[rng.Next(9)]).ToArray();
                var plus = new float[scorer.WindowCount(length)];
                var minus = new float[plus.Length];
                Assert.Equal(plus.Length, scorer.Score(bases, plus, minus));
                Assert.Equal(Math.Max(1, length - 99), plus.Length);

                await File.WriteAllTextAsync(path, ">s\n" + System.Text.Encoding.ASCII.GetString(bases) + "\n");
                var scanned = new List<(long Start, float Plus, float Minus)>();
                var sink = new CollectingSink(scanned);
                await SequenceScanner.ScanAsync(new FastaSource([path]), model, sink, new ScanOptions { MaxUnknown = 100, Threads = 2 });
                Assert.Equal(plus.Length, scanned.Count);
                foreach (var (start, p, m) in scanned)
                {
                    Assert.Equal(p, plus[start]);
                    Assert.Equal(m, minus[start]);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    sealed class CollectingSink(List<(long Start, float Plus, float Minus)> windows) : IScanSink
    {
        public long Hits => 0;

        public void BeginRecord(GenomeScan.Formats.Fasta.FastaRecord record) { }

        public void Add(long start, long end, float plus, float minus) => windows.Add((start, plus, minus));

        public void EndRecord() { }

        public void Finish() { }
    }
}
