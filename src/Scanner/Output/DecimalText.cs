using System.Globalization;

namespace GenomeScan.Scanner.Output;

/// <summary>
/// The text .NET writes for a double in the formats <c>F4</c> and <c>G4</c> (invariant culture), byte for byte,
/// without its general digit generator where that is safe: the value scaled by a power of ten in one rounding,
/// then rounded to an integer. The scaled value is within 2^-20 of the exact one, so a fraction farther than
/// that from one half rounds as the exact value does; nearer (and for NaN, infinities, very large or very small
/// values) .NET formats it. The output of <c>variants</c> writes six such numbers per allele and scorer.
/// </summary>
internal static class DecimalText
{
    /// <summary>Scaled values below this carry an error under 2^-20 (2^33 · 2^-53).</summary>
    const double Exact = 8589934592;

    /// <summary>The margin kept from one half: above the scaling's error.</summary>
    const double Tie = 1e-5;

    static readonly double[] Powers = [.. Enumerable.Range(0, 23).Select(k => Math.Pow(10, k))];

    /// <summary><paramref name="value"/> as <c>F4</c> would write it into <paramref name="destination"/>.</summary>
    public static bool TryFormatF4(double value, Span<char> destination, out int written)
    {
        double scaled = Math.Abs(value) * 10000;
        if (!(scaled < Exact) || !TryRound(scaled, out long units))
            return value.TryFormat(destination, out written, "F4", CultureInfo.InvariantCulture);
        // .NET writes a negative value that rounds to zero as -0.0000; -0.0 itself as 0.0000.
        bool negative = value < 0;
        long whole = units / 10000;
        int digits = Digits(whole);
        written = (negative ? 1 : 0) + digits + 5;
        if (destination.Length < written)
            return false;
        int at = written;
        long fraction = units - whole * 10000;
        for (int i = 0; i < 4; i++, fraction /= 10)
            destination[--at] = (char)('0' + fraction % 10);
        destination[--at] = '.';
        do
        {
            destination[--at] = (char)('0' + whole % 10);
            whole /= 10;
        }
        while (whole > 0);
        if (negative)
            destination[0] = '-';
        return true;
    }

    /// <summary>
    /// A value in (0, 1] (a p-value) as <c>G4</c> would write it: four significant digits, trailing zeros dropped,
    /// fixed notation for a decimal exponent from −5 (exclusive) up, else d.dddE-XX. Others go to .NET.
    /// </summary>
    public static bool TryFormatG4(double value, Span<char> destination, out int written)
    {
        if (!(value > 1e-22 && value <= 1))
            return value.TryFormat(destination, out written, "G4", CultureInfo.InvariantCulture);
        // The exponent e with 10^e <= value < 10^(e+1), mended where Log10 lands beside a power of ten.
        int exponent = (int)Math.Floor(Math.Log10(value));
        double scaled = Scale(value, 3 - exponent);
        if (scaled < 1000)
            scaled = Scale(value, 3 - --exponent);
        else if (scaled >= 10000)
            scaled = Scale(value, 3 - ++exponent);
        if (3 - exponent > 22 || !(scaled >= 1000 && scaled < 10000) || !TryRound(scaled, out long units))
            return value.TryFormat(destination, out written, "G4", CultureInfo.InvariantCulture);
        if (units == 10000)
            (units, exponent) = (1000, exponent + 1);
        // Four significant digits without the trailing zeros.
        Span<char> significant = stackalloc char[4];
        for (int i = 3; i >= 0; i--, units /= 10)
            significant[i] = (char)('0' + units % 10);
        int kept = 4;
        while (kept > 1 && significant[kept - 1] == '0')
            kept--;
        significant = significant[..kept];
        if (exponent > -5)
        {
            // Fixed: value <= 1, so the exponent is 0 (the value is 1) or negative.
            if (exponent == 0)
            {
                written = kept == 1 ? 1 : kept + 1;
                if (destination.Length < written)
                    return false;
                destination[0] = significant[0];
                if (kept > 1)
                {
                    destination[1] = '.';
                    significant[1..].CopyTo(destination[2..]);
                }
                return true;
            }
            int zeros = -exponent - 1;
            written = 2 + zeros + kept;
            if (destination.Length < written)
                return false;
            destination[0] = '0';
            destination[1] = '.';
            destination.Slice(2, zeros).Fill('0');
            significant.CopyTo(destination[(2 + zeros)..]);
            return true;
        }
        int power = -exponent;
        int powerDigits = Math.Max(2, Digits(power));
        written = (kept == 1 ? 1 : kept + 1) + 2 + powerDigits;
        if (destination.Length < written)
            return false;
        int n = 0;
        destination[n++] = significant[0];
        if (kept > 1)
        {
            destination[n++] = '.';
            significant[1..].CopyTo(destination[n..]);
            n += kept - 1;
        }
        destination[n++] = 'E';
        destination[n++] = '-';
        for (int i = powerDigits - 1; i >= 0; i--, power /= 10)
            destination[n + i] = (char)('0' + power % 10);
        return true;
    }

    /// <summary>value · 10^k in one rounding (10^k is exact up to k = 22); NaN when k is out of range.</summary>
    static double Scale(double value, int k) => k is >= 0 and <= 22 ? value * Powers[k] : double.NaN;

    /// <summary>The nearest integer to <paramref name="scaled"/> (≥ 0), unless its fraction is too near one half to tell.</summary>
    static bool TryRound(double scaled, out long units)
    {
        double floor = Math.Floor(scaled);
        double fraction = scaled - floor;
        units = (long)floor + (fraction > 0.5 ? 1 : 0);
        return Math.Abs(fraction - 0.5) > Tie;
    }

    static int Digits(long value)
    {
        int digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }
        return digits;
    }
}
