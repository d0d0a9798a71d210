using System.Globalization;
using System.Text;

namespace GenomeScan.Formats.Fasta;

/// <summary>One line of a samtools <c>.fai</c>: name, length, byte offset of the first base, bases per line, bytes per line.</summary>
internal sealed record FaiEntry(string Name, long Length, long Offset, int LineBases, int LineWidth)
{
    /// <summary>Byte offset (in the uncompressed file) of the base at 0-based <paramref name="position"/>.</summary>
    public long OffsetOf(long position) => Offset + position / LineBases * LineWidth + position % LineBases;
}

/// <summary>
/// samtools' FASTA index (<c>.fai</c>): read when present, built (and written, when the folder is writable)
/// when missing, as <c>samtools faidx</c> does. Records must have equal line lengths (but the last).
/// </summary>
internal sealed class FastaIndex
{
    readonly Dictionary<string, FaiEntry> byName;

    public FastaIndex(IReadOnlyList<FaiEntry> entries)
    {
        Entries = entries;
        byName = new Dictionary<string, FaiEntry>(StringComparer.Ordinal);
        foreach (var e in entries)
            byName.TryAdd(e.Name, e);
    }

    public IReadOnlyList<FaiEntry> Entries { get; }

    public FaiEntry? Find(string name) => byName.GetValueOrDefault(name);

    public static FastaIndex Read(string faiPath)
    {
        var entries = new List<FaiEntry>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(faiPath))
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var f = line.Split('\t');
            if (f.Length < 5 || !long.TryParse(f[1], CultureInfo.InvariantCulture, out var length) || !long.TryParse(f[2], CultureInfo.InvariantCulture, out var offset)
                || !int.TryParse(f[3], CultureInfo.InvariantCulture, out var lineBases) || !int.TryParse(f[4], CultureInfo.InvariantCulture, out var lineWidth)
                || (length > 0 && (lineBases < 1 || lineWidth < lineBases)))
                throw InputException.At(faiPath, lineNumber, 0, "not a FASTA index line (name, length, offset, linebases, linewidth)");
            entries.Add(new FaiEntry(f[0], length, offset, lineBases, lineWidth));
        }
        return new FastaIndex(entries);
    }

    public void Write(string faiPath)
    {
        var text = new StringBuilder();
        foreach (var e in Entries)
            text.Append(CultureInfo.InvariantCulture, $"{e.Name}\t{e.Length}\t{e.Offset}\t{e.LineBases}\t{e.LineWidth}\n");
        AtomicFile.WriteAllText(faiPath, text.ToString());
    }

    /// <summary>Indexes a FASTA from its (decompressed) bytes.</summary>
    public static FastaIndex Build(Stream stream, string source)
    {
        var entries = new List<FaiEntry>();
        var buffer = new byte[1 << 16];
        long position = 0, lineNumber = 1;
        var header = new List<byte>();
        bool inHeader = false, atLineStart = true;
        string? name = null;
        long length = 0, offset = 0;
        int lineBases = 0, lineWidth = 0, currentBases = 0, currentWidth = 0;
        bool sawShortLine = false;

        void Close()
        {
            if (name is not null)
                entries.Add(new FaiEntry(name, length, offset, lineBases, lineWidth));
        }

        void EndLine()
        {
            if (currentBases == 0 && currentWidth <= 2)
                return;
            if (lineBases == 0)
            {
                lineBases = currentBases;
                lineWidth = currentWidth;
            }
            else if (sawShortLine || currentBases > lineBases || (currentBases == lineBases && currentWidth != lineWidth))
                throw InputException.At(source, lineNumber, 0, $"cannot index record {name}: lines of different lengths (samtools faidx needs equal ones)");
            if (currentBases < lineBases)
                sawShortLine = true;
        }

        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < read; i++, position++)
            {
                byte b = buffer[i];
                if (inHeader)
                {
                    if (b == (byte)'\n')
                    {
                        var text = Encoding.UTF8.GetString(header.ToArray()).TrimEnd('\r');
                        name = text.Split([' ', '\t'], 2)[0];
                        offset = position + 1;
                        length = lineBases = lineWidth = 0;
                        sawShortLine = false;
                        inHeader = false;
                        atLineStart = true;
                        currentBases = currentWidth = 0;
                        lineNumber++;
                    }
                    else
                        header.Add(b);
                    continue;
                }
                if (atLineStart && b == (byte)'>')
                {
                    Close();
                    header.Clear();
                    inHeader = true;
                    continue;
                }
                atLineStart = false;
                currentWidth++;
                if (b == (byte)'\n')
                {
                    EndLine();
                    currentBases = currentWidth = 0;
                    atLineStart = true;
                    lineNumber++;
                }
                else if (b != (byte)'\r')
                {
                    if (name is null)
                        throw InputException.At(source, lineNumber, 0, "not FASTA: expected a header line starting with '>'");
                    // An index counts bytes per line: a space or tab would be counted as a base.
                    if (b is (byte)' ' or (byte)'\t')
                        throw InputException.At(source, lineNumber, 0, $"cannot index record {name}: a space or tab inside a sequence line (remove them, e.g. with seqkit seq, to read regions)");
                    currentBases++;
                    length++;
                }
            }
        }
        if (inHeader)
        {
            name = Encoding.UTF8.GetString(header.ToArray()).TrimEnd('\r').Split([' ', '\t'], 2)[0];
            offset = position;
            length = lineBases = lineWidth = 0;
        }
        else if (currentWidth > 0)
        {
            // A last line without a newline: as samtools, count the newline it would have.
            if (lineBases == 0)
                (lineBases, lineWidth) = (currentBases, currentWidth + 1);
            else if (sawShortLine || currentBases > lineBases)
                throw InputException.At(source, lineNumber, 0, $"cannot index record {name}: lines of different lengths (samtools faidx needs equal ones)");
        }
        Close();
        if (entries.Count == 0)
            throw InputException.At(source, 0, 0, "empty input: no FASTA record");
        return new FastaIndex(entries);
    }
}
