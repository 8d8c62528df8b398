using BackupModule.Dcos;
using BackupModule.Errors;
using Xunit;

namespace BackupModule.Tests.Unit;

/// <summary>
/// The label rules (docs/wire/backup-apis.md A.3): 3-25 characters of [A-Za-z0-9_.-], the first two of
/// [A-Za-z0-9_]. Invalid labels must be rejected locally, before any request is made.
/// </summary>
public sealed class DcosLabelTests
{
    public static TheoryData<string> ValidLabels => new()
    {
        "abc",
        "ABC",
        "aB9",
        "123",
        "a1b",
        "__x",
        "___",
        "_a_",
        "a_.",
        "a_-",
        "ab.",
        "ab-",
        "ab...",
        "ab---",
        "0a.",
        "nightly-20261121",
        "A1.b-c_d",
        "backup.2026.11.21",
        "Ab_-.Z9",
        "my_backup-01.final",
        new string('a', 25),
        "x1" + new string('.', 23),
        "abcdefghijklmnopqrstuvwxy",
    };

    public static TheoryData<string?> InvalidLabels => new()
    {
        null,
        "",
        "a",
        "ab",
        "__",
        new string('a', 26),
        "abcdefghijklmnopqrstuvwxyz",
        new string('a', 100),
        "..abc",
        ".abc",
        "-abc",
        ".ab",
        "-ab",
        "a.bc",
        "a-bc",
        "_.a",
        "_-a",
        "ab c",
        " abc",
        "abc ",
        "   ",
        "ab/c",
        "/abc",
        "ab\\c",
        "bäckup",
        "bäc",
        "ñandú-01",
        "ａbc",
        "abc\u0661",
        "tab\t",
        "ab\tc",
        "semi;colon",
        "ab:c",
        "ab+c",
        "ab@c",
        "ab*c",
        "ab?c",
        "ab,c",
        "ab'c",
        "ab\"c",
        "ab=c",
        "ab\0c",
        "ab\r\nc",
        // $ in a .NET regex also matches before a final "\n": a trailing newline must not slip through.
        "abc\n",
        "nightly\n",
        "ab\n",
    };

    [Theory]
    [MemberData(nameof(ValidLabels))]
    public void Valid_labels_are_accepted(string label)
    {
        var error = Record.Exception(() => DcosLabel.Validate(label));

        Assert.Null(error);
    }

    [Theory]
    [MemberData(nameof(InvalidLabels))]
    public void Invalid_labels_are_rejected_with_InvalidLabel(string? label)
    {
        var error = Assert.Throws<BackupServiceException>(() => DcosLabel.Validate(label));

        Assert.Equal("InvalidLabel", error.ErrorId);
        Assert.Equal(BackupErrorId.InvalidLabel, error.ErrorId);
        Assert.Equal(BackupErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(label, error.Target);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
    }

    [Fact]
    public void Length_bounds_are_3_and_25()
    {
        Assert.Equal(3, DcosLabel.MinLength);
        Assert.Equal(25, DcosLabel.MaxLength);
        DcosLabel.Validate(new string('z', 3));
        DcosLabel.Validate(new string('z', 25));
        Assert.Throws<BackupServiceException>(() => DcosLabel.Validate(new string('z', 2)));
        Assert.Throws<BackupServiceException>(() => DcosLabel.Validate(new string('z', 26)));
    }

    [Theory]
    [InlineData("v-test", "its 2nd character '-' is not allowed there; it must be a letter, a digit or '_' (the first two characters cannot be '.' or '-')")]
    [InlineData(".abc", "its 1st character '.' is not allowed there")]
    [InlineData("ab c", "its 3rd character ' ' (a space) is not allowed there; it must be a letter, a digit, '_', '.' or '-'")]
    [InlineData("nightly/2026", "its 8th character '/' is not allowed there")]
    [InlineData("abc\n", "its 4th character (a line break) is not allowed there")]
    [InlineData("ab\0c", "its 3rd character U+0000 is not allowed there")]
    [InlineData("bäckup", "its 2nd character 'ä' is not allowed there")]
    [InlineData("ab", "has 2 characters; it must have 3 to 25")]
    public void A_refusal_names_the_first_offending_character_and_its_position(string label, string expected)
    {
        var error = Assert.Throws<BackupServiceException>(() => DcosLabel.Validate(label));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(label, error.Target);
    }

    [Theory]
    [InlineData(1, "1st")]
    [InlineData(2, "2nd")]
    [InlineData(3, "3rd")]
    [InlineData(4, "4th")]
    [InlineData(11, "11th")]
    [InlineData(12, "12th")]
    [InlineData(13, "13th")]
    [InlineData(21, "21st")]
    [InlineData(22, "22nd")]
    [InlineData(111, "111th")]
    public void Ordinals_read_as_English(int n, string expected) => Assert.Equal(expected, BackupModule.Model.NameRule.Ordinal(n));

    [Fact]
    public void Too_long_label_message_names_the_length()
    {
        var label = new string('a', 26);

        var error = Assert.Throws<BackupServiceException>(() => DcosLabel.Validate(label));

        Assert.Contains("26", error.Message);
        Assert.Contains(label, error.Message);
    }

    [Theory]
    [InlineData("nightly-20261121-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b", "nightly-20261121")]
    [InlineData("abc-3F2B8C1E-9A4D-4B6E-8F1A-2C3D4E5F6A7B", "abc")]
    [InlineData("a_.-00000000-0000-4000-8000-000000000000", "a_.")]
    [InlineData("foo-bar-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b", "foo-bar")]
    [InlineData("x-y-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b", "x-y-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b")]
    public void FromBackupId_strips_the_uuid_suffix(string id, string expectedLabel)
    {
        Assert.Equal(expectedLabel, DcosLabel.FromBackupId(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("nightly-20261121")]
    [InlineData("abc-not-a-uuid")]
    [InlineData("abc-3f2b8c1e9a4d4b6e8f1a2c3d4e5f6a7b")]
    [InlineData("abc-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7")]
    [InlineData("abc-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7bb")]
    [InlineData("abc-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7g")]
    [InlineData("abc-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b-extra")]
    [InlineData("abc_3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b")]
    [InlineData("3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b")]
    public void FromBackupId_leaves_other_ids_alone(string id)
    {
        Assert.Equal(id, DcosLabel.FromBackupId(id));
    }

    [Theory]
    [MemberData(nameof(ValidLabels))]
    public void A_valid_label_round_trips_through_a_service_id(string label)
    {
        var id = label + "-" + Guid.NewGuid().ToString();

        var back = DcosLabel.FromBackupId(id);

        Assert.Equal(label, back);
        DcosLabel.Validate(back);
    }
}
