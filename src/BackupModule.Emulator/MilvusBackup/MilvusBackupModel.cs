namespace BackupModule.Emulator;

/// <summary>A collection of the emulated Milvus that milvus-backup backs up and restores into.</summary>
public sealed record MilvusCollectionRecord
{
    public required string Database { get; init; }

    public required string Name { get; init; }

    public required long CollectionId { get; init; }

    public required long Size { get; init; }

    public int ShardsNum { get; init; } = 1;

    public bool HasIndex { get; init; } = true;

    /// <summary>Milvus's words: Loaded, NotLoad (restored collections are not loaded).</summary>
    public string LoadState { get; init; } = MilvusBackupJson.NotLoad;

    [System.Text.Json.Serialization.JsonIgnore]
    public string Qualified => Database + "." + Name;
}

/// <summary>A database of the emulated Milvus; an encryption zone key (ezk) travels into its backups as a secret.</summary>
public sealed record MilvusDatabaseRecord(string Name, long DatabaseId, string? EncryptionKey);

/// <summary>A backup in milvus-backup's storage (the object store): what /list, get_backup and restore read.</summary>
public sealed record StoredBackupRecord
{
    /// <summary>The id of the task that made it.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Milvus's hybrid timestamp of the backup point: physical milliseconds shifted left 18 bits (~2^58).</summary>
    public required ulong BackupTimestamp { get; init; }

    public required string MilvusVersion { get; init; }

    public required IReadOnlyList<MilvusCollectionRecord> Collections { get; init; }

    public required IReadOnlyList<MilvusDatabaseRecord> Databases { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public long Size => Collections.Sum(c => c.Size);

    /// <summary>The size of its meta files [?]: a fixed amount per collection.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long MetaSize => 4096 + (Collections.Count * 2048L);
}

/// <summary>A task, in the server's memory only: its state follows from the time since it started.</summary>
internal abstract class MilvusTaskRecord
{
    public required string Id { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>The failure its end records (an armed one), or one it met at once (a filter naming nothing, a target that exists).</summary>
    public string? Failure { get; init; }

    /// <summary>The failure came at once, before any progress.</summary>
    public bool FailsAtOnce { get; init; }

    /// <summary>Its start failed before anything was recorded (name in storage, Milvus unreachable): state 0 forever.</summary>
    public bool NeverStarts { get; init; }

    /// <summary>Its end has been applied (a backup written to storage, a restore's collections made).</summary>
    public bool Settled { get; set; }
}

/// <summary>A backup task.</summary>
internal sealed class MilvusBackupTaskRecord : MilvusTaskRecord
{
    public required string Name { get; init; }

    /// <summary>What it backs up.</summary>
    public IReadOnlyList<MilvusCollectionRecord> Collections { get; init; } = Array.Empty<MilvusCollectionRecord>();

    public IReadOnlyList<MilvusDatabaseRecord> Databases { get; init; } = Array.Empty<MilvusDatabaseRecord>();

    /// <summary>A sync create's HTTP call ended then, cancelling the task that ran under it.</summary>
    public DateTimeOffset? CanceledAt { get; set; }
}

/// <summary>One collection a restore task makes: the stored source and the target name.</summary>
internal sealed record MilvusRestoreItem(MilvusCollectionRecord Source, string TargetDatabase, string TargetName)
{
    public string Target => TargetDatabase + "." + TargetName;
}

/// <summary>A restore task.</summary>
internal sealed class MilvusRestoreTaskRecord : MilvusTaskRecord
{
    public required string BackupName { get; init; }

    public required IReadOnlyList<MilvusRestoreItem> Items { get; init; }

    public bool DropExisting { get; init; }
}

/// <summary>What survives a restart of the server: its storage and the Milvus it serves (persisted in the state file).</summary>
internal sealed class MilvusBackupState
{
    public List<StoredBackupRecord> Storage { get; init; } = new();

    public List<MilvusCollectionRecord> Collections { get; init; } = new();

    public List<MilvusDatabaseRecord> Databases { get; init; } = new();
}

/// <summary>A task's state as the server shows it at one moment.</summary>
internal readonly record struct MilvusTaskView(int State, int Progress, string? ErrorMessage, DateTimeOffset? EndedAt);

/// <summary>The Milvus collections and stored backups as tests see them (GET /_emulator/milvus-backup/milvus).</summary>
public sealed record MilvusSnapshot(IReadOnlyList<MilvusCollectionRecord> Collections, IReadOnlyList<string> StoredBackups);
