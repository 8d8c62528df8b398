using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace BackupModule.Emulator;

/// <summary>
/// The emulated DC/OS IAM login (<c>POST /acs/api/v1/auth/login</c>): local users with passwords, service
/// accounts with public keys (RS256 service login tokens), and the authentication tokens it issues, each with
/// an expiry that tests can shorten or force. Passwords and tokens never leave this class except as the
/// issued token in the login answer.
/// </summary>
internal sealed class DcosIam
{
    public const string LoginPath = "/acs/api/v1/auth/login";

    /// <summary>Admin Router's location for the IAM.</summary>
    public const string Location = "/acs/api/v1";

    // Fixed at start (read concurrently, never written); service accounts can be added while serving.
    private readonly Dictionary<string, string> _passwords;
    private readonly ConcurrentDictionary<string, RSA> _publicKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _issued = new(StringComparer.Ordinal);
    private long _lifetimeTicks;

    public DcosIam(DcosEmulatorOptions options)
    {
        _passwords = new Dictionary<string, string>(options.Users, StringComparer.Ordinal);
        foreach (var (uid, pem) in options.ServiceAccounts)
        {
            AddServiceAccount(uid, pem);
        }

        TokenLifetime = options.TokenLifetime;
        UsesDefaultUser = _passwords.Count == 1
            && _passwords.TryGetValue(DcosEmulatorOptions.DefaultUser, out var password)
            && password == DcosEmulatorOptions.DefaultPassword;
    }

    /// <summary>How long tokens issued from now on stay valid; tokens already issued keep their expiry.</summary>
    public TimeSpan TokenLifetime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _lifetimeTicks));
        set => Interlocked.Exchange(ref _lifetimeTicks, (value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A token lifetime must be positive.")).Ticks);
    }

    /// <summary>True when the only user is the DC/OS docs' default superuser.</summary>
    public bool UsesDefaultUser { get; }

    /// <summary>Accepts RS256 service login tokens for <paramref name="uid"/> signed by the key of this public key (PEM).</summary>
    public void AddServiceAccount(string uid, string publicKeyPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        var key = RSA.Create();
        key.ImportFromPem(publicKeyPem);
        _publicKeys[uid] = key;
    }

    /// <summary>Every token issued so far stops working now (as if five days had passed).</summary>
    public void ExpireIssuedTokens()
    {
        foreach (var token in _issued.Keys)
        {
            _issued[token] = DateTimeOffset.MinValue;
        }
    }

    /// <summary>True for a token this IAM issued that has not expired.</summary>
    public bool IsValid(string token) => _issued.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow;

    /// <summary>The login: a token for a good uid + password or uid + service login token, else an IAM error.</summary>
    public (int StatusCode, JsonObject Body) Login(JsonObject? body)
    {
        var uid = Text(body, "uid");
        var password = Text(body, "password");
        var loginToken = Text(body, "token");
        if (string.IsNullOrEmpty(uid) || (password is null && loginToken is null))
        {
            // Wording and code made up in the IAM's error shape [?].
            return (StatusCodes.Status400BadRequest, Error("Bad Request", "Request has bad JSON: uid and password or token are required.", "ERR_INVALID_DATA"));
        }

        var accepted = password is not null ? CheckPassword(uid, password) : CheckServiceLoginToken(uid, loginToken!);
        if (!accepted)
        {
            return (StatusCodes.Status401Unauthorized, Error("Unauthorized", "The login request was rejected: invalid uid, password or service login token.", "ERR_INVALID_CREDENTIALS"));
        }

        // Opaque, unlike DC/OS's RS256 JWT: the module never reads inside the token it is issued.
        var token = "dcos-emulator-issued-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        _issued[token] = DateTimeOffset.UtcNow + TokenLifetime;
        return (StatusCodes.Status200OK, new JsonObject { ["token"] = token });
    }

    /// <summary>
    /// The IAM's error body as this emulator assumes it, <c>{"title", "description", "code"}</c> (code e.g.
    /// ERR_INVALID_CREDENTIALS); the API digest does not confirm it [?].
    /// </summary>
    private static JsonObject Error(string title, string description, string code) =>
        new() { ["title"] = title, ["description"] = description, ["code"] = code };

    private bool CheckPassword(string uid, string password) =>
        _passwords.TryGetValue(uid, out var expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(password));

    /// <summary>An RS256 JWT whose signature the account's public key verifies, whose uid is the account and whose exp is still ahead.</summary>
    private bool CheckServiceLoginToken(string uid, string jwt)
    {
        var parts = jwt.Split('.');
        if (!_publicKeys.TryGetValue(uid, out var key) || parts.Length != 3)
        {
            return false;
        }

        try
        {
            var header = JsonNode.Parse(Base64UrlDecode(parts[0])) as JsonObject;
            var claims = JsonNode.Parse(Base64UrlDecode(parts[1])) as JsonObject;
            if (Text(header, "alg") != "RS256" || Text(claims, "uid") != uid || claims?["exp"] is not JsonValue exp || !exp.TryGetValue<long>(out var expires))
            {
                return false;
            }

            var signed = key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlDecode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return signed && DateTimeOffset.FromUnixTimeSeconds(expires) > DateTimeOffset.UtcNow;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or CryptographicException)
        {
            return false;
        }
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    private static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
