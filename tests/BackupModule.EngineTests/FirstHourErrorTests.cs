using System.Management.Automation;
using System.Net;
using System.Net.Sockets;

namespace BackupModule.EngineTests;

/// <summary>
/// The errors a new admin meets first, as the real engine shows them: a refused DC/OS token without the
/// server's page markup, a master that cannot be reached named in the message and as TargetObject, and a
/// label refused by its first offending character.
/// </summary>
public sealed class FirstHourErrorTests : EngineTest
{
    private const string ConnectId = "BackupModule.Commands.ConnectClusterBackupServiceCommand";

    protected override bool Connect => false;

    [Fact]
    public void A_refused_token_shows_a_short_plain_excerpt_of_the_masters_page()
    {
        var result = Session.Run("Connect-ClusterBackupService -Uri $uri -Token (ConvertTo-SecureString 'not-a-token' -AsPlainText -Force)");

        var error = Assert.Single(result.Errors);
        Assert.Equal("Unauthorized," + ConnectId, error.FullyQualifiedErrorId);
        var message = error.Exception.Message;
        Assert.DoesNotContain("<", message, StringComparison.Ordinal);
        Assert.DoesNotContain("html", message, StringComparison.OrdinalIgnoreCase);
        // Admin Router's page says "401 Unauthorized" three times (title, heading, text): once is enough.
        Assert.EndsWith("401 Unauthorized: authentication required", message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(message, "401 Unauthorized"));
        Assert.DoesNotContain("not-a-token", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_master_that_cannot_be_reached_is_named_and_is_the_target()
    {
        var closed = ClosedLoopbackUri();

        var result = Session.Run("Connect-ClusterBackupService -Uri $closed -Token $token -MaximumRetryCount 1", new() { ["closed"] = closed });

        var error = Assert.Single(result.Errors);
        Assert.Equal("ConnectionFailed," + ConnectId, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Equal(closed + "/", error.TargetObject);
        Assert.StartsWith($"Cannot reach {closed}/ (GET /system/v1/backup/v1/list, 2 attempts): ", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Supply values", string.Join(" ", result.StreamTexts), StringComparison.Ordinal);
    }

    [Fact]
    public void A_listing_through_a_connection_whose_master_went_away_names_it_too()
    {
        var closed = ClosedLoopbackUri();
        Session.Run("Connect-ClusterBackupService -Uri $uri -Token $token -MaximumRetryCount 0").AssertNoErrors();
        Session.Run("$env:DCOS_URL = $null").AssertNoErrors();

        // A second connection to the closed port, made without its check: a pipeline that reaches it later.
        var result = Session.Run("Get-ClusterBackup -Connection (Connect-ClusterBackupService -Uri $closed -Token $token -MaximumRetryCount 0 -PassThru -ErrorAction SilentlyContinue)", new() { ["closed"] = closed });

        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("ConnectionFailed,", StringComparison.Ordinal) && Equals(e.TargetObject, closed + "/"));
    }

    [Theory]
    [InlineData("v-test", "its 2nd character '-' is not allowed there")]
    [InlineData("..nightly", "its 1st character '.' is not allowed there")]
    [InlineData("nightly backup", "its 8th character ' ' (a space) is not allowed there")]
    public void A_label_is_refused_by_its_first_offending_character_before_any_request(string label, string expected)
    {
        Session.Run("Connect-ClusterBackupService -Uri $uri -Token $token").AssertNoErrors();
        Harness.Emulator.Audit.Clear();

        var result = Session.Run("New-ClusterBackup -Label $label", new() { ["label"] = label });

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidLabel,BackupModule.Commands.NewClusterBackupCommand", error.FullyQualifiedErrorId);
        Assert.Equal(label, error.TargetObject);
        Assert.Contains($"The label '{label}' is not valid: {expected}", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Harness.Mutations);
    }

    /// <summary>A loopback address nothing listens on: a port the system gave and took back.</summary>
    private static string ClosedLoopbackUri()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
