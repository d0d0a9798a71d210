using System.Globalization;

namespace GenomeScan.Scanner.Tests.Output;

/// <summary>
/// <see cref="DecimalText"/> writes what .NET's F4 and G4 write, byte for byte: random values over many
/// magnitudes, values on and beside the ties of the fourth decimal or digit, powers of ten, tiny negatives.
/// </summary>
public class DecimalTextTests
{
    static string Ours(double value, bool g4)
    {
        Span<char> text = stackalloc char[512];
        Assert.True(g4 ? DecimalText.TryFormatG4(value, text, out int written) : DecimalText.TryFormatF4(value, text, out written));
        return text[..written].ToString();
    }

    static IEnumerable<double> Values(Random rng, int count, Func<Random, double> draw)
    {
        for (int i = 0; i < count; i++)
        {
            // Each value and its neighbours an ulp away (on a tie of the last digit kept: both sides of it).
            double v = draw(rng);
            yield return v;
            yield return Math.BitIncrement(v);
            yield return Math.BitDecrement(v);
        }
    }

    [Fact]
    public void F4IsDotNetsF4()
    {
        var rng = new Random(41);
        var values = Values(rng, 20000, r => (r.NextDouble() * 2 - 1) * Math.Pow(10, r.Next(-7, 9)))
            .Concat(Values(rng, 20000, r => (r.Next(-2000000, 2000000) + 0.5) / 10000))
            .Concat(Values(rng, 5000, r => r.Next(-100, 100) + r.Next(0, 10000) / 10000.0))
            // On a tie after scaling, just above it before: 0.00025 · 10^4 is 2.5 exactly, but 0.00025 is a little more.
            .Concat([0.00025, 0.00055, 0.00075, 0.00125, -0.00135, 0.0, 1, -1, 0.00005, -0.00005, 0.00004999, -0.00001, 1e-300, -1e-300, 0.03125, 1.03125, 858993.45915, 1e9, -1e12, 123456789.98765,
                double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon]);
        foreach (var v in values)
            Assert.Equal(v.ToString("F4", CultureInfo.InvariantCulture), Ours(v, g4: false));
    }

    [Fact]
    public void G4IsDotNetsG4()
    {
        var rng = new Random(43);
        var values = Values(rng, 20000, r => r.NextDouble() * Math.Pow(10, -r.Next(0, 25)))
            .Concat(Values(rng, 20000, r => (r.Next(1000, 10000) + 0.5) * Math.Pow(10, -r.Next(3, 12))))
            .Concat(Values(rng, 5000, r => r.Next(1, 100000) / 100000.0))
            .Concat(Enumerable.Range(0, 30).Select(k => Math.Pow(10, -k)))
            // As above: 1.0035E-06 · 10^9 is 1003.5 exactly, but 1.0035E-06 is a little more.
            .Concat([1.0035e-6, 1.0065e-6, 1.0235e-6, 1.0, 0.99995, 0.999949, 0.00009999, 0.000099995, 0.0001, 0.00001, 5e-7, 6.875e-5, 0.005139, 1e-22, 1e-23, 0.0, -0.5, 2.0, double.NaN, double.Epsilon]);
        foreach (var v in values)
            Assert.Equal(v.ToString("G4", CultureInfo.InvariantCulture), Ours(v, g4: true));
    }
}
