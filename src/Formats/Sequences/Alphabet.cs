namespace GenomeScan.Formats.Sequences;

/// <summary>
/// The DNA alphabet in the exercise's order: A=0, C=1, G=2, T=3. Every other letter (N, IUPAC ambiguity
/// codes, gaps) is <see cref="Unknown"/>, which one-hot encodes as all zeros. <see cref="Decode"/> is the
/// one decoder of sequence bytes that every reading path uses (streamed FASTA, region reads through an
/// index), so a base reads the same whichever path reads it.
/// </summary>
internal static class Alphabet
{
    public const int Size = 4;
    public const byte Unknown = 4;
    public const string Letters = "ACGT";

    /// <summary>What <see cref="Decode"/> gives a line feed.</summary>
    public const byte LineEnd = 10;

    /// <summary>What <see cref="Decode"/> gives a byte that sequence lines may carry but that is no base: CR, space, tab.</summary>
    public const byte Skipped = 11;

    /// <summary>What <see cref="Decode"/> gives a byte that has no place in a sequence line (binary data, digits, punctuation).</summary>
    public const byte NotSequence = 12;

    static readonly byte[] Classes = BuildClasses();

    static byte[] BuildClasses()
    {
        var classes = new byte[256];
        Array.Fill(classes, NotSequence);
        foreach (var c in "NRYKMSWBDHVXnrykmswbdhvx-.*")
            classes[c] = Unknown;
        for (byte i = 0; i < Size; i++)
        {
            classes[Letters[i]] = i;
            classes[char.ToLowerInvariant(Letters[i])] = i;
        }
        // RNA: U reads as T.
        classes['U'] = classes['u'] = 3;
        classes['\n'] = LineEnd;
        classes['\r'] = classes[' '] = classes['\t'] = Skipped;
        return classes;
    }

    /// <summary>
    /// A sequence byte's code (0..3, or <see cref="Unknown"/>), or its class: <see cref="LineEnd"/>,
    /// <see cref="Skipped"/>, <see cref="NotSequence"/>. Lowercase (soft-masked) decodes like uppercase.
    /// </summary>
    public static byte Decode(byte b) => Classes[b];

    /// <summary>A base's code: A C G T (U as T) in either case, else <see cref="Unknown"/>.</summary>
    public static byte Code(byte ascii) => Classes[ascii] <= Unknown ? Classes[ascii] : Unknown;

    /// <summary>The complementary code: A↔T, C↔G; unknown stays unknown.</summary>
    public static byte Complement(byte code) => code < Size ? (byte)(3 - code) : Unknown;

    public static char Letter(byte code) => code < Size ? Letters[code] : 'N';
}
