namespace GenomeScan.Formats.Sequences;

/// <summary>
/// The DNA alphabet in the seed's order: A=0, C=1, G=2, T=3. Every other byte (N, IUPAC ambiguity
/// codes) is <see cref="Unknown"/>, which one-hot encodes as all zeros.
/// </summary>
public static class Alphabet
{
    public const int Size = 4;
    public const byte Unknown = 4;
    public const string Letters = "ACGT";

    static readonly byte[] CodeOfByte = BuildCodes();

    static byte[] BuildCodes()
    {
        var codes = new byte[256];
        Array.Fill(codes, Unknown);
        for (byte i = 0; i < Size; i++)
        {
            codes[Letters[i]] = i;
            codes[char.ToLowerInvariant(Letters[i])] = i;
        }
        return codes;
    }

    /// <summary>Maps an ASCII base (either case) to its code; lowercase (soft-masked) maps like uppercase.</summary>
    public static byte Code(byte ascii) => CodeOfByte[ascii];

    /// <summary>The complementary code: A↔T, C↔G; unknown stays unknown.</summary>
    public static byte Complement(byte code) => code < Size ? (byte)(3 - code) : Unknown;

    public static char Letter(byte code) => code < Size ? Letters[code] : 'N';
}
