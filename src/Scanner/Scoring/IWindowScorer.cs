namespace GenomeScan.Scanner.Scoring;

/// <summary>Scores batches of windows; one instance per worker thread, with its own buffers.</summary>
internal interface IWindowScorer
{
    void Score(WindowBatch batch, Strands strands);
}
