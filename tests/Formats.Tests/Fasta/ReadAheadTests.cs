using GenomeScan.Formats.Compression;

namespace GenomeScan.Formats.Tests.Fasta;

/// <summary>Reading ahead on another thread (gzip files): the same bytes in order, and the inner stream's error after the bytes before it.</summary>
public class ReadAheadTests
{
    /// <summary>Gives its bytes in small reads, then fails (when asked to).</summary>
    sealed class Source(byte[] bytes, bool fail) : ReadOnlyStream
    {
        int at;

        public override int Read(Span<byte> buffer)
        {
            if (at == bytes.Length && fail)
                throw new InvalidDataException("truncated gzip stream (test)");
            int n = Math.Min(Math.Min(buffer.Length, 7919), bytes.Length - at);
            bytes.AsSpan(at, n).CopyTo(buffer);
            at += n;
            return n;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GivesTheInnerBytesThenItsError(bool fail)
    {
        var bytes = new byte[5_500_000];
        new Random(8).NextBytes(bytes);
        using var stream = new ReadAheadStream(new Source(bytes, fail));
        var copy = new MemoryStream();
        var buffer = new byte[65_536];
        Exception? error = null;
        try
        {
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                copy.Write(buffer, 0, n);
        }
        catch (InvalidDataException e)
        {
            error = e;
        }
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(fail, error is not null);
    }
}
