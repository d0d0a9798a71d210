using System.Text;

namespace GenomeScan.Cli.Commands;

/// <summary>Writes UTF-8 bytes into a <see cref="TextWriter"/>: lets in-process callers capture binary output as text.</summary>
internal sealed class TextWriterStream(TextWriter writer) : Formats.Compression.WriteOnlyStream
{
    readonly Decoder decoder = Encoding.UTF8.GetDecoder();


    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var chars = new char[decoder.GetCharCount(buffer, flush: false)];
        decoder.GetChars(buffer, chars, flush: false);
        writer.Write(chars);
    }

    public override void Flush() => writer.Flush();
}
