using BackupModule.Errors;
using BackupModule.MilvusBackup;
using BackupModule.Model;
using BackupModule.Tests.Integration;

namespace BackupModule.Tests.Unit;

/// <summary>The milvus-backup client's local rules: the server's name rule, time-ordered task ids, state mapping; and the schema checker the wire tests lean on.</summary>
public sealed class MilvusBackupUnitTests
{
    [Theory]
    [InlineData("nightly_20261204")]
    [InlineData("_x")]
    [InlineData("a")]
    public void A_name_the_server_takes_passes(string name) => Assert.Null(MilvusBackupNames.BackupName.Problem(name));

    [Theory]
    [InlineData("9lives", "its 1st character '9' is not allowed there; it must be an ASCII letter or '_'")]
    [InlineData("v-test", "its 2nd character '-' is not allowed there; it must be an ASCII letter, a digit or '_'")]
    [InlineData("café", "its 4th character 'é'")]
    [InlineData("", "A backup name is required.")]
    public void A_name_the_server_refuses_names_its_first_bad_character(string name, string expected)
    {
        var error = Assert.Throws<BackupServiceException>(() => MilvusBackupNames.BackupName.Validate(name));

        Assert.Equal(BackupErrorId.InvalidLabel, error.ErrorId);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_of_129_characters_is_too_long_and_128_is_not()
    {
        Assert.Null(MilvusBackupNames.BackupName.Problem(new string('a', 128)));
        Assert.Contains("has 129 characters; it must have at most 128", MilvusBackupNames.BackupName.Problem(new string('a', 129)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_name_keeps_the_rule_and_steps_aside_from_taken_names()
    {
        var at = new DateTimeOffset(2026, 12, 4, 18, 15, 0, TimeSpan.Zero);

        Assert.Equal("backup_20261204_181500", MilvusBackupNames.Generated(at, new HashSet<string>()));
        Assert.Equal("backup_20261204_181500_3", MilvusBackupNames.Generated(at, new HashSet<string> { "backup_20261204_181500", "backup_20261204_181500_2" }));
        Assert.Null(MilvusBackupNames.BackupName.Problem(MilvusBackupNames.Generated(at, new HashSet<string>())));
    }

    [Fact]
    public void A_task_id_is_a_version_7_uuid_whose_time_can_be_read_back()
    {
        var at = new DateTimeOffset(2026, 12, 4, 18, 15, 0, 123, TimeSpan.Zero);

        var id = MilvusBackupNames.NewTaskId(at);

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        Assert.Equal(at, MilvusBackupNames.CreatedAtOf(id));
        Assert.NotEqual(id, MilvusBackupNames.NewTaskId(at));
        Assert.Null(MilvusBackupNames.CreatedAtOf(Guid.NewGuid().ToString()));
        Assert.Null(MilvusBackupNames.CreatedAtOf("restore_2026_12_04"));
        Assert.StartsWith("restore_", MilvusBackupNames.NewRestoreId(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, JobStatus.Pending, BackupStatus.Pending)]
    [InlineData(1, JobStatus.Running, BackupStatus.Creating)]
    [InlineData(2, JobStatus.Succeeded, BackupStatus.Ready)]
    [InlineData(3, JobStatus.Failed, BackupStatus.Failed)]
    [InlineData(4, JobStatus.Failed, BackupStatus.Failed)]
    [InlineData(7, JobStatus.Unknown, BackupStatus.Unknown)]
    public void Integer_states_map_to_the_modules_words(int state, JobStatus job, BackupStatus backup)
    {
        Assert.Equal(job, MilvusBackupStatusMapping.ToJobStatus(state));
        Assert.Equal(backup, MilvusBackupStatusMapping.ToBackupStatus(state));
    }

    [Fact]
    public void Go_zero_time_and_zero_are_no_time_and_Unix_seconds_are_UTC_instants()
    {
        Assert.Null(MilvusBackupStatusMapping.Time(-62135596800));
        Assert.Null(MilvusBackupStatusMapping.Time(0));
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 18, 15, 0, TimeSpan.Zero), MilvusBackupStatusMapping.Time(1796408100));
    }

    [Fact]
    public void The_schema_check_catches_unknown_fields_wrong_types_written_empties_and_missing_always_sent_fields()
    {
        Assert.Empty(MilvusBackupWireSchema.Check("""{"requestId":"r","msg":"success","data":null}""", "BackupInfoResponse", isAnswer: true));

        Assert.Contains(MilvusBackupWireSchema.Check("""{"code":0,"data":null}""", "BackupInfoResponse", isAnswer: true), p => p.Contains("omitempty", StringComparison.Ordinal));
        Assert.Contains(MilvusBackupWireSchema.Check("""{"msg":"success"}""", "BackupInfoResponse", isAnswer: true), p => p.Contains("always sent", StringComparison.Ordinal));
        Assert.Contains(MilvusBackupWireSchema.Check("""{"data":{"state_code":"2","progress":0,"size":0,"meta_size":0}}""", "BackupInfoResponse", isAnswer: true), p => p.Contains("state_code", StringComparison.Ordinal));
        Assert.Contains(MilvusBackupWireSchema.Check("""{"data":[{"name":"x","size":1,"created":1}]}""", "ListBackupsResponse", isAnswer: true), p => p.Contains("not a field of BackupSummary", StringComparison.Ordinal));
        Assert.Contains(MilvusBackupWireSchema.Check("""{"backup_name":"x","async":"true"}""", "CreateBackupRequest", isAnswer: false), p => p.Contains("async", StringComparison.Ordinal));
        Assert.Contains(MilvusBackupWireSchema.Check("""{"backup_name":"x","filter":{"default":{"colls":[1]}}}""", "CreateBackupRequest", isAnswer: false), p => p.Contains("colls", StringComparison.Ordinal));
        Assert.Contains(MilvusBackupWireSchema.Check("""{"data":{"state_code":2,"progress":100,"size":0,"meta_size":0,"backup_timestamp":-1}}""", "BackupInfoResponse", isAnswer: true), p => p.Contains("backup_timestamp", StringComparison.Ordinal));
    }
}
