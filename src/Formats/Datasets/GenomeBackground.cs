using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Datasets;

/// <summary>
/// Background sequence for simulated data drawn from a real genome: stretches of a given length at
/// uniformly random positions of a FASTA file (records weighted by length), on a random strand, with no
/// unknown base. Soft-masked bases read as uppercase. The bases are held as one code per base (a
/// training-data generator, not the scan path); records shorter than the stretch are not used.
/// </summary>
internal sealed class GenomeBackground
{
    readonly List<byte[]> records;
    readonly long[] cumulative;

    GenomeBackground(string source, List<byte[]> records, int length)
    {
        Source = source;
        Length = length;
        this.records = records.Where(r => r.Length >= length).ToList();
        cumulative = new long[this.records.Count];
        long sum = 0;
        for (int i = 0; i < this.records.Count; i++)
            cumulative[i] = sum += this.records[i].Length - length + 1;
        if (sum == 0)
            throw new InputException($"{source}: no record is {length} bp or longer, nothing to draw background sequence from");
        if (!this.records.Any(HasCleanStretch))
            throw new InputException($"{source}: no stretch of {length} bp without an unknown base");
    }

    public string Source { get; }

    /// <summary>Length of the stretches drawn.</summary>
    public int Length { get; }

    /// <summary>Bases held (records at least <see cref="Length"/> long).</summary>
    public long Bases => records.Sum(r => (long)r.Length);

    bool HasCleanStretch(byte[] record)
    {
        int run = 0;
        foreach (var code in record)
            if ((run = code < Alphabet.Size ? run + 1 : 0) >= Length)
                return true;
        return false;
    }

    /// <summary>Reads a (possibly gzip-compressed) FASTA file.</summary>
    public static GenomeBackground Read(string path, int length)
    {
        return new GenomeBackground(path, [.. FastaReader.ReadRecords(path).Select(r => r.Codes)], length);
    }

    /// <summary>Fills <paramref name="target"/> (<see cref="Length"/> codes) with a random stretch on a random strand.</summary>
    public void Draw(SeededRandom rng, Span<byte> target)
    {
        if (target.Length != Length)
            throw new ArgumentException($"expected {Length} bases", nameof(target));
        long total = cumulative[^1];
        while (true)
        {
            long at = (long)(rng.NextDouble() * total);
            int record = Array.BinarySearch(cumulative, at);
            record = record < 0 ? ~record : record + 1;
            long start = at - (record == 0 ? 0 : cumulative[record - 1]);
            var stretch = records[record].AsSpan((int)start, Length);
            bool reverse = rng.NextInt(2) == 1;
            if (stretch.ContainsAnyExceptInRange((byte)0, (byte)(Alphabet.Size - 1)))
                continue;
            if (reverse)
                for (int i = 0; i < Length; i++)
                    target[Length - 1 - i] = Alphabet.Complement(stretch[i]);
            else
                stretch.CopyTo(target);
            return;
        }
    }
}
