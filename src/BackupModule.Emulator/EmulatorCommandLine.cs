using System.Globalization;

namespace BackupModule.Emulator;

/// <summary>Parses the standalone emulator's command line into <see cref="EmulatorOptions"/>.</summary>
public static class EmulatorCommandLine
{
    public const string Usage =
        "usage: BackupModule.Emulator [--urls URL[;URL]] [--state-file PATH] [--dcos-token T]... "
        + "[--dcos-noperm-token T]... [--dcos-user UID:PASSWORD]... [--dcos-service-account UID:PUBLIC_KEY_PEM_PATH]... "
        + "[--dcos-token-lifetime-ms N] [--dcos-backup-delay-ms N] [--dcos-restore-delay-ms N] [--bare-shapes] "
        + "[--zilliz-api-key K]... [--zilliz-noperm-key K]... [--zilliz-backup-delay-ms N] [--zilliz-restore-delay-ms N] "
        + "[--dcos-seed-backups N] [--zilliz-seed-backups N] [--zilliz-rate-limit N] [--zilliz-collections-shape collections|dbCollections] "
        + "[--milvus-backup-delay-ms N] [--milvus-restore-delay-ms N] [--milvus-backup-seed-backups N] [--ca-certificate-out PATH] "
        + "(https:// URLs are served with a certificate from a CA made at start; --ca-certificate-out writes that CA's PEM)";

    public static bool IsHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h" or "-?");

    /// <summary>Options take "--name value" or "--name=value"; token and key options repeat and replace the defaults.</summary>
    /// <exception cref="FormatException">An unknown option, a missing value or a bad number.</exception>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions();
        List<string>? urls = null, tokens = null, noPermissionTokens = null, apiKeys = null, noPermissionApiKeys = null;
        Dictionary<string, string>? users = null;

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value() => inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value."));

            switch (name)
            {
                case "--urls":
                    (urls ??= new()).AddRange(Value().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--ca-certificate-out":
                    options.Tls.CertificateAuthorityOut = NonEmpty(name, Value());
                    break;
                case "--state-file":
                    options.StateFile = Value();
                    break;
                case "--dcos-token":
                    (tokens ??= new()).Add(NonEmpty(name, Value()));
                    break;
                case "--dcos-noperm-token":
                    (noPermissionTokens ??= new()).Add(NonEmpty(name, Value()));
                    break;
                case "--dcos-user":
                    var (uid, password) = Pair(name, Value(), "UID:PASSWORD");
                    (users ??= new())[uid] = password;
                    break;
                case "--dcos-service-account":
                    var (account, keyPath) = Pair(name, Value(), "UID:PUBLIC_KEY_PEM_PATH");
                    options.Dcos.ServiceAccounts[account] = ReadFile(name, keyPath);
                    break;
                case "--dcos-token-lifetime-ms":
                    options.Dcos.TokenLifetime = TimeSpan.FromMilliseconds(Count(name, Value(), min: 1));
                    break;
                case "--dcos-backup-delay-ms":
                    options.Dcos.BackupDuration = Milliseconds(name, Value());
                    break;
                case "--dcos-restore-delay-ms":
                    options.Dcos.RestoreDuration = Milliseconds(name, Value());
                    break;
                case "--bare-shapes":
                    options.Dcos.BareShapes = inlineValue is null || bool.Parse(inlineValue);
                    break;
                case "--zilliz-api-key":
                    (apiKeys ??= new()).Add(NonEmpty(name, Value()));
                    break;
                case "--zilliz-noperm-key":
                    (noPermissionApiKeys ??= new()).Add(NonEmpty(name, Value()));
                    break;
                case "--zilliz-backup-delay-ms":
                    options.Zilliz.BackupDuration = Milliseconds(name, Value());
                    break;
                case "--zilliz-restore-delay-ms":
                    options.Zilliz.RestoreDuration = Milliseconds(name, Value());
                    break;
                case "--dcos-seed-backups":
                    options.Dcos.SeedBackups = Count(name, Value(), min: 0);
                    break;
                case "--zilliz-seed-backups":
                    options.Zilliz.SeedBackups = Count(name, Value(), min: 0);
                    break;
                case "--zilliz-rate-limit":
                    options.Zilliz.RequestsPerSecond = Count(name, Value(), min: 1);
                    break;
                case "--zilliz-collections-shape":
                    var shape = Value();
                    options.Zilliz.CollectionsShape = Enum.GetValues<ZillizCollectionsShape>().FirstOrDefault(v => string.Equals(v.ToString(), shape, StringComparison.OrdinalIgnoreCase)) is var parsed
                        && string.Equals(parsed.ToString(), shape, StringComparison.OrdinalIgnoreCase)
                        ? parsed
                        : throw new FormatException($"{name} needs collections or dbCollections, not '{shape}'.");
                    break;
                case "--milvus-backup-delay-ms":
                    options.MilvusBackup.BackupDuration = Milliseconds(name, Value());
                    break;
                case "--milvus-restore-delay-ms":
                    options.MilvusBackup.RestoreDuration = Milliseconds(name, Value());
                    break;
                case "--milvus-backup-seed-backups":
                    options.MilvusBackup.SeedBackups = Count(name, Value(), min: 0);
                    break;
                default:
                    throw new FormatException($"Unknown option '{args[i]}'.");
            }
        }

        options.Urls = urls?.ToArray() ?? options.Urls;
        if (options.Tls.CertificateAuthorityOut is not null && !options.Urls.Any(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
        {
            throw new FormatException("--ca-certificate-out needs an https:// URL in --urls.");
        }

        options.Dcos.Tokens = tokens ?? options.Dcos.Tokens;
        options.Dcos.NoPermissionTokens = noPermissionTokens ?? options.Dcos.NoPermissionTokens;
        options.Dcos.Users = users ?? options.Dcos.Users;
        options.Zilliz.ApiKeys = apiKeys ?? options.Zilliz.ApiKeys;
        options.Zilliz.NoPermissionApiKeys = noPermissionApiKeys ?? options.Zilliz.NoPermissionApiKeys;
        return options;
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    /// <summary>"a:b" split at the first colon (a Windows path after it keeps its drive colon); both parts non-empty.</summary>
    private static (string Key, string Value) Pair(string name, string value, string form)
    {
        var colon = value.IndexOf(':');
        return colon > 0 && colon < value.Length - 1
            ? (value[..colon], value[(colon + 1)..])
            : throw new FormatException($"{name} needs {form}, not '{value}'.");
    }

    private static string ReadFile(string name, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{name}: cannot read '{path}': {ex.Message}");
        }
    }

    private static string NonEmpty(string name, string value) =>
        value.Length > 0 ? value : throw new FormatException($"{name} cannot be empty.");

    private static TimeSpan Milliseconds(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : throw new FormatException($"{name} needs a whole number of milliseconds >= 0, not '{value}'.");

    private static int Count(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= min
            ? count
            : throw new FormatException($"{name} needs a whole number >= {min}, not '{value}'.");
}
