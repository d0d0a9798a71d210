using System.CommandLine;

namespace GenomeScan.Cli.Commands;

/// <summary>Validation shared by the subcommands: each check returns an error message or null.</summary>
internal static class OptionChecks
{
    /// <summary>Adds a check that runs only on a value that parsed (type errors are reported by the parser).</summary>
    public static Option<T> Check<T>(this Option<T> option, Func<T, string?> check)
    {
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;
            }
            if (check(value) is { } error)
                result.AddError(error);
        });
        return option;
    }

    public static Option<int> AtLeast(this Option<int> option, int minimum) =>
        option.Check(v => v < minimum ? $"{option.Name} must be at least {minimum}, got {v}" : null);

    public static Option<int> AtMost(this Option<int> option, int maximum, string why) =>
        option.Check(v => v > maximum ? $"{option.Name} must be at most {maximum} ({why}), got {v}" : null);

    /// <summary>A number that is not NaN or infinite.</summary>
    public static Option<double?> Finite(this Option<double?> option) =>
        option.Check(v => v is { } x && !double.IsFinite(x) ? $"{option.Name} must be a finite number, got {x}" : null);

    public static Option<double> Between(this Option<double> option, double low, double high) =>
        option.Check(v => v < low || v > high || double.IsNaN(v) ? $"{option.Name} must be between {low} and {high}, got {v}" : null);
}
