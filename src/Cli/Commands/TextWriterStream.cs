using System.Text;

namespace GenomeScan.Cli.Commands;

/// <summary>Writes UTF-8 bytes into a <see cref="TextWriter"/>: lets in-process callers capture binary output as text.</summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    readonly Decoder decoder = Encoding.UTF8.GetDecoder();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var chars = new char[decoder.GetCharCount(buffer, flush: false)];
        decoder.GetChars(buffer, chars, flush: false);
        writer.Write(chars);
    }

    public override void Flush() => writer.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
