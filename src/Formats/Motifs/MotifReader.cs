using System.Globalization;

namespace GenomeScan.Formats.Motifs;

/// <summary>
/// Reads motif files, detecting the format from the content:
/// <list type="bullet">
/// <item>MEME (text): a file starting with <c>MEME version</c>; each <c>letter-probability matrix</c>.</item>
/// <item>HOCOMOCO <c>.pcm</c> (counts), <c>.pfm</c> (frequencies), <c>.pwm</c> (log-odds): <c>&gt;NAME</c>, then
/// one row of 4 numbers (A C G T) per position. A <c>.pwm</c> (file name, or any negative value) is turned
/// back into frequencies as p ∝ 0.25·e^w, which inverts HOCOMOCO's log-odds with its pseudocount.</item>
/// <item>JASPAR: <c>&gt;ID NAME</c>, then four rows <c>A [ counts… ]</c> (or four bare rows of counts).</item>
/// <item>TRANSFAC (HOCOMOCO's and JASPAR's collections): records of two-letter lines ending in <c>//</c>;
/// the matrix after a <c>P0</c>/<c>PO</c> header, one numbered row of A C G T counts per position; the name
/// is the <c>ID</c>, with JASPAR's <c>AC</c> before it (<c>MA0004.1_Arnt</c>) to keep names unique.</item>
/// </list>
/// Many motifs per file are allowed. Errors name the file and line.
/// </summary>
internal static class MotifReader
{
    /// <summary>The HOCOMOCO v11 FOXO1 count matrix that ships inside genomescan.</summary>
    public const string BuiltInName = "FOXO1_HUMAN.H11MO.0.A";

    public static Motif BuiltIn()
    {
        using var stream = typeof(MotifReader).Assembly.GetManifestResourceStream($"GenomeScan.Formats.{BuiltInName}.pcm")
            ?? throw new InvalidOperationException("the built-in motif resource is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), $"{BuiltInName}.pcm")[0];
    }

    /// <summary>
    /// The motifs of <paramref name="motifs"/> that <paramref name="name"/> picks: exact name, or a name that starts with
    /// it followed by '_' or '.' (HOCOMOCO's <c>SP1_HUMAN.H11MO.0.A</c> for SP1), or ends with '_' and it
    /// (JASPAR's <c>MA0079.5_SP1</c>); case-insensitive; an exact match alone when there is one. Null: every motif.
    /// </summary>
    public static IReadOnlyList<Motif> Pick(IReadOnlyList<Motif> motifs, string? name, string source)
    {
        if (name is null)
            return motifs;
        var exact = motifs.Where(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count > 0)
            return exact;
        var picked = motifs.Where(m => m.Name.StartsWith(name + "_", StringComparison.OrdinalIgnoreCase) || m.Name.StartsWith(name + ".", StringComparison.OrdinalIgnoreCase)
            || m.Name.EndsWith("_" + name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (picked.Count == 0)
            throw new InputException($"{source}: no motif named {name} (or {name}_…, {name}.…, …_{name}) among its {motifs.Count}");
        return picked;
    }

    /// <summary>
    /// The one motif a command that takes one (<c>simulate</c>) uses: the file's only motif, or the one
    /// <paramref name="name"/> picks; several are an error naming them (taking the first would be silently wrong).
    /// </summary>
    public static Motif PickOne(string path, string? name)
    {
        var picked = Pick(ReadFile(path), name, path);
        if (picked.Count == 1)
            return picked[0];
        var names = string.Join(", ", picked.Take(5).Select(m => m.Name)) + (picked.Count > 5 ? ", …" : "");
        throw new InputException(name is null
            ? $"{path}: {picked.Count} motifs ({names}): name one with --motif-name"
            : $"{path}: --motif-name {name} picks {picked.Count} motifs ({names}): give the whole name");
    }

    /// <summary>The motifs of a file that any of <paramref name="names"/> picks, in file order; all of them without names.</summary>
    public static IReadOnlyList<Motif> PickAll(string path, IReadOnlyCollection<string> names)
    {
        var all = ReadFile(path);
        if (names.Count == 0)
            return all;
        var picked = names.SelectMany(name => Pick(all, name, path)).ToHashSet();
        return [.. all.Where(picked.Contains)];
    }

    public static IReadOnlyList<Motif> ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read motif file: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses motif text; <paramref name="source"/> names it in errors and picks .pwm handling.</summary>
    public static IReadOnlyList<Motif> Parse(string text, string source)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first < 0)
            throw InputException.At(source, 0, 0, "empty motif file");
        var head = lines[first].TrimStart();
        var motifs = head.StartsWith("MEME version", StringComparison.Ordinal) ? ParseMeme(lines, source)
            : IsTransfac(head) ? ParseTransfac(lines, source)
            : ParseHeaderedMatrices(lines, source);
        if (motifs.Count == 0)
            throw InputException.At(source, 0, 0, "no motif found");
        return motifs;
    }

    static List<Motif> ParseMeme(string[] lines, string source)
    {
        var motifs = new List<Motif>();
        string? name = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("ALPHABET", StringComparison.Ordinal))
            {
                var alphabet = line[(line.IndexOf('=') + 1)..].Trim();
                if (!alphabet.StartsWith("ACGT", StringComparison.Ordinal))
                    throw InputException.At(source, i + 1, 0, $"alphabet '{alphabet}' is not DNA (ACGT)");
            }
            else if (line.StartsWith("MOTIF", StringComparison.Ordinal))
            {
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2)
                    throw InputException.At(source, i + 1, 0, "MOTIF line without a name");
                // "MOTIF id alt_id" (JASPAR's MEME files: MA0004.1 Arnt): both, as the other formats' JASPAR names are.
                name = parts.Length > 2 ? $"{parts[1]}_{parts[2]}" : parts[1];
            }
            else if (line.StartsWith("letter-probability matrix", StringComparison.Ordinal))
            {
                if (name is null)
                    throw InputException.At(source, i + 1, 0, "letter-probability matrix before any MOTIF line");
                var width = MemeField(line, "w=", source, i + 1);
                var sites = line.Contains("nsites=") ? MemeField(line, "nsites=", source, i + 1) : (double?)null;
                if (width is not > 0 || width != Math.Floor(width.Value))
                    throw InputException.At(source, i + 1, 0, "letter-probability matrix needs a positive integer w=");
                var rows = new List<double[]>();
                int row = i + 1;
                while (rows.Count < width && row < lines.Length)
                {
                    if (lines[row].Trim().Length > 0)
                        rows.Add(ParseRow(lines[row], source, row + 1));
                    row++;
                }
                if (rows.Count < width)
                    throw InputException.At(source, row, 0, $"motif {name}: expected {width} rows, found {rows.Count}");
                motifs.Add(Build(name, rows, source, i + 2, RowKind.Probabilities, sites));
                i = row - 1;
                name = null;
            }
        }
        return motifs;
    }

    static bool IsTransfac(string line) =>
        line.Length >= 2 && (line.StartsWith("AC", StringComparison.Ordinal) || line.StartsWith("ID", StringComparison.Ordinal)
            || line.StartsWith("VV", StringComparison.Ordinal) || line.StartsWith("NA", StringComparison.Ordinal))
        && (line.Length == 2 || char.IsWhiteSpace(line[2]));

    static List<Motif> ParseTransfac(string[] lines, string source)
    {
        var motifs = new List<Motif>();
        string? accession = null, id = null;
        var rows = new List<double[]>();
        int matrixLine = 0;
        bool inMatrix = false;

        void Flush(int line)
        {
            if (rows.Count > 0)
            {
                var name = id ?? accession ?? $"motif{motifs.Count + 1}";
                // JASPAR's IDs are gene names (several matrices per factor): the accession keeps them apart.
                if (accession is not null && id is not null && accession.StartsWith("MA", StringComparison.Ordinal))
                    name = $"{accession}_{id}";
                motifs.Add(Build(name, rows, source, matrixLine, RowKind.Counts, null));
            }
            else if (inMatrix)
                throw InputException.At(source, line, 0, $"motif {id ?? accession}: a P0 header without rows");
            (accession, id, inMatrix) = (null, null, false);
            rows.Clear();
        }

        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line.Length == 0)
                continue;
            if (line.StartsWith("//", StringComparison.Ordinal))
            {
                Flush(i + 1);
                continue;
            }
            var code = line.Length >= 2 ? line[..2] : line;
            var rest = line.Length > 2 ? line[2..].Trim() : "";
            if (code is "AC")
                accession = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            else if (code is "ID")
                id = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            else if (code is "P0" or "PO")
            {
                var letters = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (!letters.Take(4).SequenceEqual(["A", "C", "G", "T"]))
                    throw InputException.At(source, i + 1, 0, "the matrix header must list A C G T");
                inMatrix = true;
                matrixLine = i + 2;
            }
            else if (inMatrix && char.IsDigit(line[0]))
            {
                var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (tokens.Length < 5)
                    throw InputException.At(source, i + 1, 0, $"expected a position and 4 counts (A C G T), found {tokens.Length - 1} values");
                rows.Add(ParseRow(string.Join(' ', tokens[1..5]), source, i + 1));
            }
            else
                inMatrix = false;
        }
        Flush(lines.Length);
        return motifs;
    }

    static double? MemeField(string line, string key, string source, int lineNumber)
    {
        var at = line.IndexOf(key, StringComparison.Ordinal);
        var rest = line[(at + key.Length)..].TrimStart();
        var end = rest.IndexOfAny([' ', '\t']);
        var token = end < 0 ? rest : rest[..end];
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw InputException.At(source, lineNumber, 0, $"cannot read '{key}' value '{token}'");
        return value;
    }

    enum RowKind { Counts, Probabilities, LogOdds }

    static List<Motif> ParseHeaderedMatrices(string[] lines, string source)
    {
        var motifs = new List<Motif>();
        string? name = null;
        int headerLine = 0;
        var rows = new List<(double[] Values, string? Letter, int Line)>();
        bool isPwm = source.EndsWith(".pwm", StringComparison.OrdinalIgnoreCase);

        void Flush()
        {
            if (name is null)
                return;
            if (rows.Count == 0)
                throw InputException.At(source, headerLine, 0, $"motif {name} has no rows");
            motifs.Add(BuildFromRows(name, rows, source, headerLine, isPwm));
            rows.Clear();
        }

        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith('>'))
            {
                Flush();
                var header = line[1..].Trim();
                var parts = header.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                // JASPAR headers are "ID NAME": keep both so the name stays unique and readable.
                name = parts.Length == 0 ? $"motif{motifs.Count + 1}" : string.Join('_', parts);
                headerLine = i + 1;
                continue;
            }
            if (name is null)
                throw InputException.At(source, i + 1, 0, "expected a '>' header line or 'MEME version' before the matrix");
            string? letter = null;
            var body = line;
            if (body.Length > 1 && "ACGTacgt".Contains(body[0]) && (char.IsWhiteSpace(body[1]) || body[1] == '['))
            {
                letter = char.ToUpperInvariant(body[0]).ToString();
                body = body[1..];
            }
            body = body.Replace('[', ' ').Replace(']', ' ');
            var values = ParseRow(body, source, i + 1);
            if (values.Length == 0)
                throw InputException.At(source, i + 1, 0, $"motif {name}: a matrix row without values");
            rows.Add((values, letter, i + 1));
        }
        Flush();
        return motifs;
    }

    static Motif BuildFromRows(string name, List<(double[] Values, string? Letter, int Line)> rows, string source, int headerLine, bool isPwm)
    {
        bool lettered = rows.Any(r => r.Letter is not null);
        bool transposed = lettered || (rows.Count == 4 && rows[0].Values.Length != 4);
        List<double[]> positions;
        if (transposed)
        {
            if (rows.Count != 4)
                throw InputException.At(source, headerLine, 0, $"motif {name}: a base-per-row matrix needs exactly 4 rows (A, C, G, T), found {rows.Count}");
            if (lettered && string.Concat(rows.Select(r => r.Letter)) != "ACGT")
                throw InputException.At(source, rows[0].Line, 0, $"motif {name}: rows must be labelled A, C, G, T in that order");
            int width = rows[0].Values.Length;
            foreach (var r in rows)
                if (r.Values.Length != width)
                    throw InputException.At(source, r.Line, 0, $"motif {name}: expected {width} values, found {r.Values.Length}");
            positions = Enumerable.Range(0, width).Select(p => rows.Select(r => r.Values[p]).ToArray()).ToList();
            return Build(name, positions, source, rows[0].Line, RowKind.Counts, null);
        }
        foreach (var r in rows)
            if (r.Values.Length != 4)
                throw InputException.At(source, r.Line, 0, $"motif {name}: expected 4 values (A C G T), found {r.Values.Length}");
        positions = rows.Select(r => r.Values).ToList();
        var kind = isPwm || positions.Any(p => p.Any(v => v < 0)) ? RowKind.LogOdds : RowKind.Counts;
        return Build(name, positions, source, rows[0].Line, kind, null);
    }

    static double[] ParseRow(string line, string source, int lineNumber)
    {
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var values = new double[tokens.Length];
        for (int t = 0; t < tokens.Length; t++)
        {
            if (!double.TryParse(tokens[t], NumberStyles.Float, CultureInfo.InvariantCulture, out values[t])
                || !double.IsFinite(values[t]))
                throw InputException.At(source, lineNumber, t + 1, $"'{tokens[t]}' is not a number");
        }
        return values;
    }

    static Motif Build(string name, List<double[]> positions, string source, int firstLine, RowKind kind, double? sites)
    {
        var probabilities = new double[positions.Count, 4];
        double? rowTotal = null;
        for (int i = 0; i < positions.Count; i++)
        {
            var row = positions[i];
            if (row.Length != 4)
                throw InputException.At(source, firstLine + i, 0, $"motif {name}: expected 4 values (A C G T), found {row.Length}");
            double[] weights = kind == RowKind.LogOdds ? row.Select(w => 0.25 * Math.Exp(w)).ToArray() : row;
            if (weights.Any(v => v < 0))
                throw InputException.At(source, firstLine + i, 0, $"motif {name}: negative count in position {i + 1}");
            double sum = weights.Sum();
            if (!double.IsFinite(sum))
                throw InputException.At(source, firstLine + i, 0, $"motif {name}: position {i + 1} holds values too large to be {(kind == RowKind.LogOdds ? "log-odds" : "counts")}");
            if (sum <= 0)
                throw InputException.At(source, firstLine + i, 0, $"motif {name}: position {i + 1} has no counts");
            if (kind == RowKind.Probabilities && Math.Abs(sum - 1) > 0.01)
                throw InputException.At(source, firstLine + i, 0, $"motif {name}: probabilities of position {i + 1} sum to {sum.ToString("G4", CultureInfo.InvariantCulture)}, not 1");
            if (kind == RowKind.Counts)
                rowTotal ??= sum;
            for (int b = 0; b < 4; b++)
                probabilities[i, b] = weights[b] / sum;
        }
        // A count matrix (sums well above 1) tells how many sites it was built from.
        if (kind == RowKind.Counts && rowTotal > 1.5)
            sites ??= rowTotal;
        return new Motif(name, probabilities, sites);
    }
}
