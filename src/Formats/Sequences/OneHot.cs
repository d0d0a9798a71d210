namespace GenomeScan.Formats.Sequences;

/// <summary>One-hot encoding of base codes, [position, 4] in A C G T order; unknown bases stay all zero.</summary>
internal static class OneHot
{
    /// <summary>
    /// Sets the ones of a window into <paramref name="row"/> (positions × 4 floats, already zero). Bases past
    /// <paramref name="codes"/>' end are unknown padding. With <paramref name="reverseComplement"/> the window is
    /// read as the model reads the minus strand: position positions − 1 − i holds the complement of base i.
    /// </summary>
    public static void Write(ReadOnlySpan<byte> codes, Span<float> row, int positions, bool reverseComplement = false)
    {
        for (int i = 0; i < codes.Length; i++)
        {
            byte code = codes[i];
            if (code >= Alphabet.Size)
                continue;
            if (reverseComplement)
                row[(positions - 1 - i) * Alphabet.Size + (Alphabet.Size - 1 - code)] = 1f;
            else
                row[i * Alphabet.Size + code] = 1f;
        }
    }
}
