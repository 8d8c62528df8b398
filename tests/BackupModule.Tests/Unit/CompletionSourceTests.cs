using BackupModule.Operations;
using Xunit;

namespace BackupModule.Tests.Unit;

public sealed class CompletionSourceTests
{
    [Theory]
    [InlineData("bk-0001", "bk-0001")]
    [InlineData("default.products", "default.products")]
    [InlineData("https://master.example:8443/", "https://master.example:8443/")]
    [InlineData("nightly backup", "'nightly backup'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("$x", "'$x'")]
    [InlineData("", "''")]
    public void Values_are_quoted_only_when_PowerShell_would_split_or_expand_them(string value, string expected)
    {
        Assert.Equal(expected, CompletionSource.Quote(value));
    }

    [Fact]
    public void A_candidate_keeps_its_value_and_falls_back_to_it_as_tooltip()
    {
        var candidate = new CompletionCandidate("my backup", "");

        Assert.Equal("my backup", candidate.Value);
        Assert.Equal("'my backup'", candidate.CompletionText);
        Assert.Equal("my backup", candidate.ToolTip);
    }
}
