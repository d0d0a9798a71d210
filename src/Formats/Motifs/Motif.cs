using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Motifs;

/// <summary>
/// A position frequency matrix over A, C, G, T: <see cref="Probabilities"/>[position, base], each row
/// summing to 1. <see cref="Sites"/> is the number of sites behind the matrix when the file says so.
/// </summary>
internal sealed class Motif
{
    readonly double[,] probabilities;

    public Motif(string name, double[,] probabilities, double? sites = null)
    {
        if (probabilities.GetLength(1) != Alphabet.Size)
            throw new ArgumentException("a motif has 4 columns (A, C, G, T)", nameof(probabilities));
        if (probabilities.GetLength(0) == 0)
            throw new ArgumentException("a motif has at least one position", nameof(probabilities));
        Name = name;
        this.probabilities = (double[,])probabilities.Clone();
        Sites = sites;
    }

    public string Name { get; }

    public int Length => probabilities.GetLength(0);

    public double? Sites { get; }

    public double Probability(int position, int baseCode) => probabilities[position, baseCode];

    public double[,] Probabilities => (double[,])probabilities.Clone();

    /// <summary>
    /// The short name used for file prefixes: the part of the name before the first '_' or space
    /// (HOCOMOCO's <c>FOXO1_HUMAN.H11MO.0.A</c> gives <c>FOXO1</c>, the exercise's prefix), with any
    /// character outside [A-Za-z0-9.-] replaced by '-'.
    /// </summary>
    public string ShortName
    {
        get
        {
            var cut = Name.IndexOfAny(['_', ' ', '\t']);
            var head = cut > 0 ? Name[..cut] : Name;
            var chars = head.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-').ToArray();
            return chars.Length == 0 ? "motif" : new string(chars);
        }
    }

    /// <summary>Log-odds of each base against a background (natural log), with a pseudocount floor.</summary>
    public double[,] LogOdds(ReadOnlySpan<double> background, double floor = 1e-6)
    {
        var result = new double[Length, Alphabet.Size];
        for (int i = 0; i < Length; i++)
            for (int b = 0; b < Alphabet.Size; b++)
                result[i, b] = Math.Log(Math.Max(probabilities[i, b], floor) / background[b]);
        return result;
    }
}
