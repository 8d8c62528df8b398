using System.Text.Json;
using BackupModule.Dcos;
using BackupModule.Errors;
using Xunit;

namespace BackupModule.Tests.Unit;

/// <summary>
/// Every reply shape of docs/wire/backup-apis.md A.3: wrapped in "backup_info" (integration test), bare
/// (Swagger), and the literal {} for an empty list.
/// </summary>
public sealed class DcosResponseReaderTests
{
    private const string IdA = "nightly-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b";
    private const string IdB = "weekly-00000000-0000-4000-8000-000000000000";

    private const string BackupA = """
        {
          "id": "nightly-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b",
          "dcos_version": "1.13.0",
          "timestamp": "2019-03-18T23:16:33.265478871Z",
          "status": "STATUS_READY",
          "component_status": { "marathon": { "status": "STATUS_READY" } }
        }
        """;

    private const string BackupB = """
        {
          "id": "weekly-00000000-0000-4000-8000-000000000000",
          "dcos_version": "2.0.1",
          "timestamp": "2020-01-01T00:00:00Z",
          "status": "STATUS_BACKING_UP",
          "component_status": { "marathon": { "status": "STATUS_UNKNOWN" } }
        }
        """;

    [Fact]
    public void ReadList_unwraps_a_backup_info_array()
    {
        var items = DcosResponseReader.ReadList($$"""{"backup_info":[{{BackupA}},{{BackupB}}]}""");

        Assert.Equal(new[] { IdA, IdB }, items.Select(i => i.Id));
        Assert.Equal("1.13.0", items[0].DcosVersion);
        Assert.Equal("2019-03-18T23:16:33.265478871Z", items[0].Timestamp);
        Assert.Equal("STATUS_READY", items[0].Status);
        Assert.Equal("STATUS_BACKING_UP", items[1].Status);
        Assert.Equal("STATUS_UNKNOWN", items[1].ComponentStatus!["marathon"]["status"]);
    }

    [Fact]
    public void ReadList_accepts_a_bare_array()
    {
        var items = DcosResponseReader.ReadList($"[{BackupA},{BackupB}]");

        Assert.Equal(new[] { IdA, IdB }, items.Select(i => i.Id));
        Assert.Equal("2.0.1", items[1].DcosVersion);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData(" { } ")]
    [InlineData("{\"backup_info\":[]}")]
    [InlineData("{\"backup_info\":null}")]
    [InlineData("{\"backup_info\":{}}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("  \r\n ")]
    public void ReadList_treats_empty_shapes_as_an_empty_list(string body)
    {
        Assert.Empty(DcosResponseReader.ReadList(body));
    }

    [Fact]
    public void ReadList_accepts_a_wrapped_single_object()
    {
        var items = DcosResponseReader.ReadList($$"""{"backup_info":{{BackupA}}}""");

        var only = Assert.Single(items);
        Assert.Equal(IdA, only.Id);
        Assert.Equal("STATUS_READY", only.Status);
    }

    [Fact]
    public void ReadList_accepts_a_bare_single_object()
    {
        var items = DcosResponseReader.ReadList(BackupB);

        var only = Assert.Single(items);
        Assert.Equal(IdB, only.Id);
        Assert.Equal("STATUS_BACKING_UP", only.Status);
    }

    [Fact]
    public void ReadList_reads_restores_nested_in_a_backup()
    {
        const string body = """
            {"backup_info":[{
              "id": "nightly-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b",
              "status": "STATUS_READY",
              "component_status": { "marathon": { "status": "STATUS_READY" } },
              "restores": [
                { "id": "restore-1", "status": "STATUS_RESTORING", "component_status": { "marathon": { "status": "STATUS_RESTORING" } } },
                { "id": "restore-0", "component_status": { "marathon": { "status": "STATUS_READY" } } }
              ]
            }]}
            """;

        var backup = Assert.Single(DcosResponseReader.ReadList(body));

        Assert.NotNull(backup.Restores);
        Assert.Equal(new[] { "restore-1", "restore-0" }, backup.Restores!.Select(r => r.Id));
        Assert.Equal("STATUS_RESTORING", backup.Restores[0].Status);
        Assert.Null(backup.Restores[1].Status);
        Assert.Equal("STATUS_READY", backup.Restores[1].ComponentStatus!["marathon"]["status"]);
    }

    [Fact]
    public void ReadList_keeps_missing_fields_null()
    {
        var only = Assert.Single(DcosResponseReader.ReadList("""[{"id":"abc"}]"""));

        Assert.Equal("abc", only.Id);
        Assert.Null(only.Status);
        Assert.Null(only.Timestamp);
        Assert.Null(only.DcosVersion);
        Assert.Null(only.ComponentStatus);
        Assert.Null(only.Restores);
    }

    [Fact]
    public void ReadList_ignores_unknown_fields()
    {
        var only = Assert.Single(DcosResponseReader.ReadList("""{"backup_info":[{"id":"abc","status":"STATUS_READY","new_field":{"x":[1,2]},"size":5}]}"""));

        Assert.Equal("abc", only.Id);
        Assert.Equal("STATUS_READY", only.Status);
    }

    [Fact]
    public void ReadOne_unwraps_backup_info()
    {
        var info = DcosResponseReader.ReadOne($$"""{"backup_info":{{BackupB}}}""");

        Assert.Equal(IdB, info.Id);
        Assert.Equal("STATUS_BACKING_UP", info.Status);
        Assert.Equal("2020-01-01T00:00:00Z", info.Timestamp);
    }

    [Fact]
    public void ReadOne_accepts_a_bare_object()
    {
        var info = DcosResponseReader.ReadOne(BackupA);

        Assert.Equal(IdA, info.Id);
        Assert.Equal("1.13.0", info.DcosVersion);
        Assert.Equal("STATUS_READY", info.ComponentStatus!["marathon"]["status"]);
    }

    [Theory]
    [InlineData("{\"foo\":1}")]
    [InlineData("{\"backup_info\":{\"foo\":1}}")]
    [InlineData("{\"backup_info\":42}")]
    [InlineData("{\"backup_info\":\"x\"}")]
    [InlineData("{\"backup_info\":true}")]
    [InlineData("42")]
    [InlineData("\"x\"")]
    [InlineData("true")]
    [InlineData("{\"errors\":[\"boom\"]}")]
    public void ReadList_rejects_unknown_shapes_with_InvalidResponse(string body)
    {
        var error = Assert.Throws<BackupServiceException>(() => DcosResponseReader.ReadList(body));

        Assert.Equal("InvalidResponse", error.ErrorId);
        Assert.Equal(BackupErrorKind.InvalidData, error.Kind);
    }

    [Theory]
    [InlineData("{\"foo\":1}")]
    [InlineData("{}")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{\"backup_info\":null}")]
    [InlineData("{\"backup_info\":{}}")]
    [InlineData("{\"backup_info\":[]}")]
    [InlineData("[{\"id\":\"abc\"}]")]
    [InlineData("42")]
    [InlineData("\"x\"")]
    public void ReadOne_rejects_anything_but_one_object_with_an_id(string body)
    {
        var error = Assert.Throws<BackupServiceException>(() => DcosResponseReader.ReadOne(body));

        Assert.Equal("InvalidResponse", error.ErrorId);
        Assert.Equal(BackupErrorKind.InvalidData, error.Kind);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("{\"backup_info\":[{\"id\":\"abc\"}")]
    [InlineData("[{\"id\":\"abc\"},]")]
    [InlineData("{'id':'abc'}")]
    public void Invalid_json_is_InvalidResponse(string body)
    {
        var list = Assert.Throws<BackupServiceException>(() => DcosResponseReader.ReadList(body));
        var one = Assert.Throws<BackupServiceException>(() => DcosResponseReader.ReadOne(body));

        Assert.Equal("InvalidResponse", list.ErrorId);
        Assert.Equal("InvalidResponse", one.ErrorId);
        Assert.Equal(BackupErrorKind.InvalidData, list.Kind);
        Assert.IsAssignableFrom<JsonException>(list.InnerException);
    }

    [Theory]
    [InlineData("[{\"id\":42}]")]
    [InlineData("[{\"id\":\"abc\",\"status\":{\"x\":1}}]")]
    [InlineData("[{\"id\":\"abc\",\"component_status\":[1,2]}]")]
    [InlineData("[{\"id\":\"abc\",\"restores\":{\"id\":\"r\"}}]")]
    public void A_backup_object_of_the_wrong_types_is_InvalidResponse(string body)
    {
        var error = Assert.Throws<BackupServiceException>(() => DcosResponseReader.ReadList(body));

        Assert.Equal("InvalidResponse", error.ErrorId);
    }

    [Fact]
    public void Component_status_with_non_string_values_survives()
    {
        const string body = """
            {"backup_info":[{
              "id": "abc",
              "status": "STATUS_ERROR",
              "component_status": {
                "marathon": { "status": "STATUS_ERROR", "retries": 3, "fatal": true, "detail": { "code": 7 }, "note": null, "error": "disk full" }
              }
            }]}
            """;

        var info = Assert.Single(DcosResponseReader.ReadList(body));

        // Values that are not strings are kept as their raw JSON; null stays null.
        var marathon = info.ComponentStatus!["marathon"];
        Assert.Equal("STATUS_ERROR", marathon["status"]);
        Assert.Equal("3", marathon["retries"]);
        Assert.Equal("true", marathon["fatal"]);
        Assert.Equal(7, JsonDocument.Parse(marathon["detail"]!).RootElement.GetProperty("code").GetInt32());
        Assert.Null(marathon["note"]);
        Assert.Equal("disk full", marathon["error"]);

        var items = DcosStatusMapping.ToItems(info.ComponentStatus);
        var item = Assert.Single(items);
        Assert.Equal("marathon", item.Name);
        Assert.Equal("STATUS_ERROR", item.Status);
        Assert.NotNull(item.Error);
        Assert.Contains("disk full", item.Error);
        Assert.Contains("3", item.Error);
    }

    [Fact]
    public void Large_list_reads_every_item()
    {
        var items = Enumerable.Range(0, 500).Select(i => $$"""{"id":"b{{i:D3}}-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b","status":"STATUS_READY"}""");
        var body = "{\"backup_info\":[" + string.Join(",", items) + "]}";

        var read = DcosResponseReader.ReadList(body);

        Assert.Equal(500, read.Count);
        Assert.Equal("b499-3f2b8c1e-9a4d-4b6e-8f1a-2c3d4e5f6a7b", read[499].Id);
    }

    [Fact]
    public void ReadErrors_returns_the_errors_array()
    {
        Assert.Equal(new[] { "a", "b" }, DcosResponseReader.ReadErrors("""{"errors":["a","b"]}"""));
    }

    [Fact]
    public void ReadErrors_keeps_the_busy_text()
    {
        const string text = "Could not backup bar: backup label=bar failed: backup/restore is currently busy: lock is already held";

        var errors = DcosResponseReader.ReadErrors(JsonSerializer.Serialize(new { errors = new[] { text } }));

        Assert.Equal(text, Assert.Single(errors));
    }

    [Theory]
    [InlineData("<html><head><title>502 Bad Gateway</title></head><body>openresty</body></html>", "502 Bad Gateway openresty")]
    // Admin Router's page: title, heading and paragraph repeat themselves; the excerpt says it once.
    [InlineData("<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1><p>401 Unauthorized: authentication required</p></body></html>", "401 Unauthorized: authentication required")]
    [InlineData("<!DOCTYPE html>\n<html>\n<head><style>body { color: red; }</style><script>var x = '<b>';</script></head>\n<body>\n  <center><h1>503 Service\n Temporarily Unavailable</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>", "503 Service Temporarily Unavailable nginx")]
    [InlineData("<html><body><p>Tom &amp; Jerry &lt;3 &#39;quoted&#39;</p></body></html>", "Tom & Jerry <3 'quoted'")]
    public void ReadErrors_gives_a_plain_excerpt_of_an_html_page_without_markup(string html, string expected)
    {
        var error = Assert.Single(DcosResponseReader.ReadErrors("\n  " + html + "  \n"));

        Assert.Equal(expected, error);
    }

    [Fact]
    public void ReadErrors_cuts_a_long_page_to_a_short_excerpt()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Range(1, 100).Select(i => $"<p>line {i} of the page</p>")) + "</body></html>";

        var error = Assert.Single(DcosResponseReader.ReadErrors(html));

        Assert.Equal(203, error.Length);
        Assert.EndsWith("...", error, StringComparison.Ordinal);
        Assert.DoesNotContain("<", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadErrors_falls_back_to_plain_text()
    {
        Assert.Equal(new[] { "upstream timed out" }, DcosResponseReader.ReadErrors("upstream timed out"));
    }

    [Fact]
    public void ReadErrors_cuts_a_long_body()
    {
        var body = new string('x', 5000);

        var text = Assert.Single(DcosResponseReader.ReadErrors(body));

        Assert.Equal(203, text.Length);
        Assert.StartsWith(new string('x', 200), text);
        Assert.EndsWith("...", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n")]
    public void ReadErrors_of_an_empty_body_is_empty(string body)
    {
        Assert.Empty(DcosResponseReader.ReadErrors(body));
    }

    [Theory]
    [InlineData("{\"errors\":[]}")]
    [InlineData("{\"message\":\"nope\"}")]
    [InlineData("{\"errors\":[1,2]}")]
    [InlineData("[\"a\"]")]
    public void ReadErrors_of_other_json_returns_the_body_text(string body)
    {
        Assert.Equal(new[] { body }, DcosResponseReader.ReadErrors(body));
    }
}
