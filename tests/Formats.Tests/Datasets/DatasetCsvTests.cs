using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Formats.Tests.Datasets;

public class DatasetCsvTests
{
    static string Header(int length) => string.Concat(Enumerable.Range(0, length).Select(p => $",{p}")) + ",label";

    [Fact]
    public void RoundTripsASimulatedDataSet()
    {
        var (train, _) = MotifDatasetSimulator.Simulate(MotifReader.BuiltIn(), new SimulationOptions(Count: 200, Seed: 1));
        var path = Path.GetTempFileName();
        try
        {
            DatasetCsv.Write(path, train);
            var back = DatasetCsv.Read(path);
            Assert.Equal(train.Length, back.Length);
            Assert.Equal(train.Codes, back.Codes);
            Assert.Equal(train.Labels, back.Labels);
            Assert.Equal(train.RowIds, back.RowIds);
            Assert.StartsWith(",0,1,2,", File.ReadLines(path).First());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OneHotEncodesLikeTheSeed()
    {
        var csv = Header(4) + "\n7,0,1,2,3,1\n";
        var data = DatasetCsv.Read(new StringReader(csv), "x.csv");
        Assert.Equal([7], data.RowIds);
        Assert.Equal([1], data.Labels);
        float[] expected =
        [
            1, 0, 0, 0,
            0, 1, 0, 0,
            0, 0, 1, 0,
            0, 0, 0, 1,
        ];
        Assert.Equal(expected, data.OneHot());
    }

    [Theory]
    [InlineData("", "x.csv:1: empty file")]
    [InlineData(",0,1,2\n", "x.csv:1:4: the header's last column must be 'label'")]
    [InlineData(",0,1,label\n", "x.csv: no data rows")]
    [InlineData(",0,1,label\n0,1,2\n", "x.csv:2: expected 4 columns (index, 2 bases, label), found 3")]
    [InlineData(",0,1,label\n0,1,2,1,1\n", "x.csv:2: expected 4 columns")]
    [InlineData(",0,1,label\n0,1,2,1\n1,1,4,0\n", "x.csv:3:3: base code '4' is not one of 0..3")]
    [InlineData(",0,1,label\n0,A,2,1\n", "x.csv:2:2: base code 'A' is not one of 0..3")]
    [InlineData(",0,1,label\n0,1,2,2\n", "x.csv:2:4: label '2' is not 0 or 1")]
    [InlineData(",0,1,label\nx,1,2,1\n", "x.csv:2:1: index 'x' is not an integer")]
    public void RejectsMalformedFilesNamingFileLineAndColumn(string csv, string expectedStart)
    {
        var error = Assert.Throws<InputException>(() => DatasetCsv.Read(new StringReader(csv), "x.csv"));
        Assert.StartsWith(expectedStart, error.Message);
    }

    [Fact]
    public void AcceptsCrlfLineEnds()
    {
        var data = DatasetCsv.Read(new StringReader(",0,1,label\r\n0,1,2,1\r\n"), "x.csv");
        Assert.Equal([1, 2], data.Codes);
    }

    [Fact]
    public void MissingFileIsAnInputErrorNamingIt()
    {
        var error = Assert.Throws<InputException>(() => DatasetCsv.Read("/no/such/data.csv"));
        Assert.StartsWith("/no/such/data.csv: cannot read data set", error.Message);
    }
}
