using BackupModule.Model;
using BackupModule.Dcos;
using Xunit;

namespace BackupModule.Tests.Unit;

/// <summary>RFC 3339 with up to 9 fractional digits (Go's format), cut (not rounded) to .NET's 7.</summary>
public sealed class Rfc3339Tests
{
    private static readonly DateTimeOffset WholeSecond = new(2019, 3, 18, 23, 16, 33, TimeSpan.Zero);

    [Fact]
    public void Nine_fractional_digits_parse_to_exact_ticks()
    {
        var value = Rfc3339.Parse("2019-03-18T23:16:33.265478871Z");

        Assert.NotNull(value);
        Assert.Equal(WholeSecond.AddTicks(2654788), value!.Value);
        Assert.Equal(WholeSecond.UtcTicks + 2654788, value.Value.UtcTicks);
        Assert.Equal(TimeSpan.Zero, value.Value.Offset);
    }

    [Fact]
    public void Extra_digits_are_truncated_not_rounded()
    {
        var value = Rfc3339.Parse("2019-03-18T23:16:33.999999999Z");

        Assert.Equal(WholeSecond.AddTicks(9999999), value);
        Assert.Equal(33, value!.Value.Second);
    }

    [Theory]
    [InlineData("2019-03-18T23:16:33.2654788Z", 2654788)]
    [InlineData("2019-03-18T23:16:33.26547887Z", 2654788)]
    [InlineData("2019-03-18T23:16:33.265478Z", 2654780)]
    [InlineData("2019-03-18T23:16:33.265Z", 2650000)]
    [InlineData("2019-03-18T23:16:33.2Z", 2000000)]
    [InlineData("2019-03-18T23:16:33.000000001Z", 0)]
    [InlineData("2019-03-18T23:16:33Z", 0)]
    [InlineData("2019-03-18T23:16:33.0Z", 0)]
    public void Fraction_lengths_from_0_to_9_parse(string text, long ticks)
    {
        Assert.Equal(WholeSecond.AddTicks(ticks), Rfc3339.Parse(text));
    }

    [Theory]
    [InlineData("2019-03-18T23:16:33.265478871z")]
    [InlineData("2019-03-18t23:16:33.265478871Z")]
    [InlineData("2019-03-18t23:16:33.265478871z")]
    [InlineData("2019-03-18 23:16:33.265478871Z")]
    [InlineData("  2019-03-18T23:16:33.265478871Z  ")]
    [InlineData("2019-03-18T23:16:33.265478871+00:00")]
    [InlineData("2019-03-18T23:16:33.265478871-00:00")]
    public void Case_separator_and_whitespace_variants_parse(string text)
    {
        Assert.Equal(WholeSecond.AddTicks(2654788), Rfc3339.Parse(text));
    }

    [Fact]
    public void Positive_offset_is_kept_and_names_the_same_instant()
    {
        var value = Rfc3339.Parse("2019-03-19T01:16:33.265478871+02:00");

        Assert.NotNull(value);
        Assert.Equal(TimeSpan.FromHours(2), value!.Value.Offset);
        Assert.Equal(1, value.Value.Hour);
        Assert.Equal(WholeSecond.AddTicks(2654788).UtcTicks, value.Value.UtcTicks);
        Assert.Equal(WholeSecond.AddTicks(2654788), value.Value);
    }

    [Fact]
    public void Negative_offset_is_kept_and_names_the_same_instant()
    {
        var value = Rfc3339.Parse("2019-03-18T17:46:33-05:30");

        Assert.NotNull(value);
        Assert.Equal(new TimeSpan(-5, -30, 0), value!.Value.Offset);
        Assert.Equal(WholeSecond.UtcTicks, value.Value.UtcTicks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("garbage")]
    [InlineData("yesterday")]
    [InlineData("0")]
    [InlineData("1552951' OR 1=1")]
    [InlineData("2019-03-18")]
    [InlineData("23:16:33Z")]
    [InlineData("2019-03-18T23:16:33")]
    [InlineData("2019-03-18T23:16:33.265478871")]
    [InlineData("2019-03-18T23:16:33.Z")]
    [InlineData("2019-03-18T23:16Z")]
    [InlineData("2019-03-18T23:16:33.265478871+0200")]
    [InlineData("2019-03-18T23:16:33.265478871+2")]
    [InlineData("2019-03-18T23:16:33.265478871 UTC")]
    [InlineData("2019-13-18T23:16:33Z")]
    [InlineData("2019-02-30T23:16:33Z")]
    [InlineData("2019-03-18T24:16:33Z")]
    [InlineData("2019-03-18T23:60:33Z")]
    [InlineData("2019-03-18T23:16:33Zjunk")]
    [InlineData("junk2019-03-18T23:16:33Z")]
    [InlineData("19-03-18T23:16:33Z")]
    [InlineData("٢٠١٩-٠٣-١٨T23:16:33Z")]
    [InlineData("Mon, 18 Mar 2019 23:16:33 GMT")]
    public void Garbage_and_empty_give_null(string? text)
    {
        Assert.Null(Rfc3339.Parse(text));
    }
}
