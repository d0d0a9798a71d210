
namespace GenomeScan.Scanner.Tests;

public class ScanPipelineTests
{
    sealed class FailingScorer : IWindowScorer
    {
        public void Score(WindowBatch batch, Strands strands) => throw new InvalidOperationException("scorer broke");
    }

    [Fact]
    public async Task AScorerFailureStopsTheScanWithItsOwnError()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, ">a\n" + new string('A', 5000) + "\n");
            var options = new ScanOptions { Engine = ScanEngine.Window, BatchSize = 16, Threads = 2 };
            using var scorers = ScorerFactory.Custom(ScorerKind.Window, 100, () => new FailingScorer());
            var scan = ScanPipeline.RunAsync([path], scorers, new GenomeScan.Scanner.Output.EveryScoreSink(Strands.Both, _ => { }), options, TextWriter.Null);
            var finished = await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.Same(scan, finished);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scan);
            Assert.Equal("scorer broke", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
