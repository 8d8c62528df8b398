using BackupModule.Operations;
using Xunit;

namespace BackupModule.Tests.Unit;

/// <summary>PowerShell wildcards for Get-ClusterBackup -Label: * ? [a-c], backtick escapes, case-insensitive.</summary>
public sealed class LabelPatternTests
{
    [Theory]
    [InlineData("*", "")]
    [InlineData("*", "nightly-20261121")]
    [InlineData("nightly*", "nightly-20261121")]
    [InlineData("nightly*", "nightly")]
    [InlineData("*-2026*", "nightly-20261121")]
    [InlineData("*21", "nightly-20261121")]
    [InlineData("n*y-*1", "nightly-20261121")]
    [InlineData("???", "abc")]
    [InlineData("a?c", "abc")]
    [InlineData("a?c", "a.c")]
    [InlineData("nightly-2026112?", "nightly-20261121")]
    [InlineData("[a-c]bc", "abc")]
    [InlineData("[a-c]bc", "cbc")]
    [InlineData("[abc]x", "bx")]
    [InlineData("[0-9][0-9]x", "42x")]
    [InlineData("a[._-]b", "a.b")]
    [InlineData("a[._-]b", "a-b")]
    [InlineData("a[._-]b", "a_b")]
    [InlineData("NIGHTLY*", "nightly-1")]
    [InlineData("nightly*", "NIGHTLY-1")]
    [InlineData("NiGhTlY", "nightly")]
    [InlineData("[A-C]bc", "abc")]
    [InlineData("[a-c]BC", "Cbc")]
    [InlineData("a`*b", "a*b")]
    [InlineData("a`?b", "a?b")]
    [InlineData("a`[b`]", "a[b]")]
    [InlineData("a``b", "a`b")]
    [InlineData("a.b", "a.b")]
    [InlineData("a+b", "a+b")]
    [InlineData("(ab)", "(ab)")]
    [InlineData("a$b^", "a$b^")]
    [InlineData("a\\b", "a\\b")]
    [InlineData("a{2}", "a{2}")]
    [InlineData("a[b", "a[b")]
    [InlineData("abc`", "abc`")]
    public void Matches(string pattern, string value)
    {
        Assert.True(new LabelPattern(pattern).IsMatch(value), $"'{pattern}' should match '{value}'");
    }

    [Theory]
    [InlineData("nightly*", "weekly-20261121")]
    [InlineData("nightly*", "my-nightly")]
    [InlineData("*21", "nightly-20261122")]
    [InlineData("???", "ab")]
    [InlineData("???", "abcd")]
    [InlineData("a?c", "ac")]
    [InlineData("[a-c]bc", "dbc")]
    [InlineData("[a-c]bc", "bc")]
    [InlineData("[abc]x", "dx")]
    [InlineData("a[._-]b", "a+b")]
    [InlineData("nightly", "nightly-1")]
    [InlineData("nightly", "a-nightly")]
    [InlineData("a`*b", "axxb")]
    [InlineData("a`*b", "ab")]
    [InlineData("a`?b", "axb")]
    [InlineData("a`[b`]", "ab")]
    [InlineData("a.b", "axb")]
    [InlineData("a+b", "aab")]
    [InlineData("(ab)", "ab")]
    [InlineData("a{2}", "aa")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("abc", "")]
    public void Does_not_match(string pattern, string value)
    {
        Assert.False(new LabelPattern(pattern).IsMatch(value), $"'{pattern}' should not match '{value}'");
    }

    [Fact]
    public void Null_never_matches()
    {
        Assert.False(new LabelPattern("*").IsMatch(null));
        Assert.False(new LabelPattern("abc").IsMatch(null));
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("a*", true)]
    [InlineData("a?c", true)]
    [InlineData("[a-c]bc", true)]
    [InlineData("a`*b*", true)]
    [InlineData("abc", false)]
    [InlineData("nightly-20261121", false)]
    [InlineData("a.b", false)]
    [InlineData("a`*b", false)]
    [InlineData("a`?b", false)]
    [InlineData("a`[b`]", false)]
    [InlineData("a[b", false)]
    [InlineData("", false)]
    public void HasWildcards(string pattern, bool expected)
    {
        Assert.Equal(expected, new LabelPattern(pattern).HasWildcards);
    }

    [Fact]
    public void Pattern_and_ToString_keep_the_text_given()
    {
        var pattern = new LabelPattern("Night`*ly*");

        Assert.Equal("Night`*ly*", pattern.Pattern);
        Assert.Equal("Night`*ly*", pattern.ToString());
    }

    [Fact]
    public void Matching_does_not_depend_on_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // Turkish: "I".ToLower() is "ı", which must not stop "INFO*" matching "info-1".
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("tr-TR");
            Assert.True(new LabelPattern("INFO*").IsMatch("info-1"));
            Assert.True(new LabelPattern("info*").IsMatch("INFO-1"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}
