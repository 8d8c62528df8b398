<#
.SYNOPSIS
    Times the module against Invoke-RestMethod -WebSession and a raw HttpClient floor, in one pwsh process,
    against the emulator on loopback; prints a table of medians and ratios and writes it to out/benchmarks/.
.DESCRIPTION
    Run by ./build.ps1 -Task Benchmark after a Release build. Work measured (each several rounds; medians):
      - one list call of 10 DC/OS backups (ms per call);
      - 10,000 backups into Measure-Object: DC/OS (one body) and Zilliz Cloud (100 pages of 100);
      - 1,000 Remove-ClusterBackup through one pipeline against a raw loop of DELETEs;
      - Import-Module over a bare pwsh -NoProfile (separate processes, median of -ImportRuns).
    A warm-up round (tiered JIT) runs first and is not counted.
    The floor is what a careful script could do with no module: HttpClient + System.Text.Json into typed
    objects + the same pipeline. Zilliz Cloud allows 20 requests/s per endpoint; the emulator's limit and
    the module connection's own throttle are raised here so that client costs, not the pacing every
    client must keep, are compared (the pacing is tested elsewhere).
#>
[CmdletBinding()]
param(
    [int] $Rounds = 3,
    [int] $SingleCalls = 300,
    [int] $ImportRuns = 8,
    [string] $OutDir = (Join-Path (Join-Path $PSScriptRoot '..') 'out/benchmarks')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$manifest = Join-Path $root 'out/BackupModule/BackupModule.psd1'
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1') -Force
Import-Module $manifest -Force

# The floor: typed records filled by System.Text.Json straight from the response stream.
Add-Type -ReferencedAssemblies System.Net.Http, System.Text.Json, System.Net.Primitives, System.Runtime, System.Collections, System.Linq, System.Memory, System.Private.CoreLib -TypeDefinition @'
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
namespace BackupModuleBenchmark {
    public sealed class FloorBackup {
        [JsonPropertyName("id")] public string Id { get; set; }
        [JsonPropertyName("status")] public string Status { get; set; }
        [JsonPropertyName("timestamp")] public string Timestamp { get; set; }
        [JsonPropertyName("dcos_version")] public string DcosVersion { get; set; }
        [JsonPropertyName("backupId")] public string BackupId { get; set; }
        [JsonPropertyName("backupName")] public string BackupName { get; set; }
        [JsonPropertyName("createTime")] public string CreateTime { get; set; }
    }
    public sealed class DcosList { [JsonPropertyName("backup_info")] public List<FloorBackup> BackupInfo { get; set; } }
    public sealed class ZillizPage { [JsonPropertyName("backups")] public List<FloorBackup> Backups { get; set; } }
    public sealed class ZillizEnvelope { [JsonPropertyName("code")] public int Code { get; set; } [JsonPropertyName("data")] public ZillizPage Data { get; set; } }
    public static class Floor {
        public static List<FloorBackup> Dcos(HttpClient http, string uri) {
            using (var stream = http.GetStreamAsync(uri).GetAwaiter().GetResult())
                return JsonSerializer.Deserialize<DcosList>(stream).BackupInfo;
        }
        public static IEnumerable<FloorBackup> Zilliz(HttpClient http, string uri) {
            for (var page = 1; ; page++) {
                List<FloorBackup> backups;
                using (var stream = http.GetStreamAsync(uri + "&pageSize=100&currentPage=" + page).GetAwaiter().GetResult())
                    backups = JsonSerializer.Deserialize<ZillizEnvelope>(stream).Data.Backups;
                foreach (var b in backups) yield return b;
                if (backups.Count < 100) yield break;
            }
        }
        public static int DeleteDcos(HttpClient http, string uri, IList<string> ids) {
            foreach (var id in ids) {
                using (var request = new HttpRequestMessage(HttpMethod.Delete, uri) { Content = new StringContent("{\"id\":\"" + id + "\"}", System.Text.Encoding.UTF8, "application/json") })
                using (var response = http.SendAsync(request).GetAwaiter().GetResult())
                    response.EnsureSuccessStatusCode();
            }
            return ids.Count;
        }
    }
}
'@

function Median([double[]] $values) {
    $sorted = @($values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) { $sorted[[int][math]::Floor($n / 2)] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

function Measure-Ms([scriptblock] $Work) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $null = & $Work
    $clock.Elapsed.TotalMilliseconds
}

function New-Client([string] $Authorization) {
    $client = [System.Net.Http.HttpClient]::new()
    $client.DefaultRequestHeaders.TryAddWithoutValidation('Authorization', $Authorization) | Out-Null
    $client.DefaultRequestHeaders.Accept.ParseAdd('application/json')
    $client
}

function New-ZillizConnection([string] $Uri) {
    $settings = [BackupModule.ZillizCloud.ZillizConnectionSettings]::new('zilliz-emulator-key', [uri]$Uri)
    $settings.ClusterId = 'in01-emulator'
    $settings.Http.RequestsPerSecondPerEndpoint = 100000
    [BackupModule.ZillizCloud.ZillizConnection]::Create($settings)
}

$results = [System.Collections.Generic.List[object]]::new()
function Add-Result([string] $Work, [string] $Unit, [double[]] $Module, [double[]] $Irm, [double[]] $Floor) {
    $m = Median $Module; $f = Median $Floor
    $i = if ($Irm) { Median $Irm } else { [double]::NaN }
    $results.Add([pscustomobject]@{
        Work = $Work; Unit = $Unit
        Module = [math]::Round($m, 3); InvokeRestMethod = if ([double]::IsNaN($i)) { $null } else { [math]::Round($i, 3) }; Floor = [math]::Round($f, 3)
        'Module/Floor' = [math]::Round($m / $f, 2)
        'Module/IRM' = if ([double]::IsNaN($i)) { $null } else { [math]::Round($m / $i, 2) }
        'Module-Floor' = [math]::Round($m - $f, 3)
        Rounds = "$([math]::Round(($Module | Measure-Object -Minimum).Minimum,2))-$([math]::Round(($Module | Measure-Object -Maximum).Maximum,2)) / $([math]::Round(($Floor | Measure-Object -Minimum).Minimum,2))-$([math]::Round(($Floor | Measure-Object -Maximum).Maximum,2))"
    })
}

$small = Start-BackupEmulator -ArgumentList '--dcos-seed-backups', '10'
$large = Start-BackupEmulator -ArgumentList '--dcos-seed-backups', '10000', '--zilliz-seed-backups', '10000', '--zilliz-rate-limit', '100000'
try {
    $token = ConvertTo-SecureString 'dcos-emulator-token' -AsPlainText -Force
    $dcosSmall = Connect-ClusterBackupService -Dcos -Uri $small.Uri -Token $token -PassThru
    $dcosLarge = Connect-ClusterBackupService -Dcos -Uri $large.Uri -Token $token -PassThru
    $zilliz = New-ZillizConnection $large.Uri
    $dcosClient = New-Client 'token=dcos-emulator-token'
    $zillizClient = New-Client 'Bearer zilliz-emulator-key'
    # Admin Router's "token=" form is not a valid header value to .NET's checks: -SkipHeaderValidation, as an admin would.
    $session = New-Object Microsoft.PowerShell.Commands.WebRequestSession
    $zSession = New-Object Microsoft.PowerShell.Commands.WebRequestSession
    $dcosHeaders = @{ Authorization = 'token=dcos-emulator-token' }
    $zHeaders = @{ Authorization = 'Bearer zilliz-emulator-key' }
    $smallList = "$($small.Uri)/system/v1/backup/v1/list"
    $largeList = "$($large.Uri)/system/v1/backup/v1/list"
    $zList = "$($large.Uri)/v2/backups?clusterId=in01-emulator"

    # Warm every path once (JIT, connections).
    $null = Get-ClusterBackup -Connection $dcosSmall; $null = Invoke-RestMethod $smallList -WebSession $session -Headers $dcosHeaders -SkipHeaderValidation; $null = [BackupModuleBenchmark.Floor]::Dcos($dcosClient, $smallList)
    $null = Get-ClusterBackup -Connection $zilliz | Select-Object -First 1

    $single = @{ Module = @(); Irm = @(); Floor = @() }
    $dcos = @{ Module = @(); Irm = @(); Floor = @() }
    $zil = @{ Module = @(); Irm = @(); Floor = @() }
    # Round 0 warms the code up (tiered JIT) and is not counted.
    for ($round = 0; $round -le $Rounds; $round++) {
        Write-Host ($(if ($round -eq 0) { 'Warm-up round' } else { "Round $round of $Rounds" }))
        if ($round -eq 1) {
            $single = @{ Module = @(); Irm = @(); Floor = @() }
            $dcos = @{ Module = @(); Irm = @(); Floor = @() }
            $zil = @{ Module = @(); Irm = @(); Floor = @() }
        }
        $single.Module += (Measure-Ms { for ($i = 0; $i -lt $SingleCalls; $i++) { $null = Get-ClusterBackup -Connection $dcosSmall } }) / $SingleCalls
        $single.Irm += (Measure-Ms { for ($i = 0; $i -lt $SingleCalls; $i++) { $null = Invoke-RestMethod $smallList -WebSession $session -Headers $dcosHeaders -SkipHeaderValidation } }) / $SingleCalls
        $single.Floor += (Measure-Ms { for ($i = 0; $i -lt $SingleCalls; $i++) { $null = [BackupModuleBenchmark.Floor]::Dcos($dcosClient, $smallList) } }) / $SingleCalls

        $dcos.Module += Measure-Ms { $c = (Get-ClusterBackup -Connection $dcosLarge | Measure-Object).Count; if ($c -ne 10000) { throw "module listed $c" } }
        $dcos.Irm += Measure-Ms { $c = ((Invoke-RestMethod $largeList -WebSession $session -Headers $dcosHeaders -SkipHeaderValidation).backup_info | Measure-Object).Count; if ($c -ne 10000) { throw "irm listed $c" } }
        $dcos.Floor += Measure-Ms { $c = ([BackupModuleBenchmark.Floor]::Dcos($dcosClient, $largeList) | Measure-Object).Count; if ($c -ne 10000) { throw "floor listed $c" } }

        $zil.Module += Measure-Ms { $c = (Get-ClusterBackup -Connection $zilliz | Measure-Object).Count; if ($c -ne 10000) { throw "module listed $c" } }
        $zil.Irm += Measure-Ms {
            $n = 0; $page = 1
            do { $got = @((Invoke-RestMethod "$zList&pageSize=100&currentPage=$page" -WebSession $zSession -Headers $zHeaders).data.backups); $n += ($got | Measure-Object).Count; $page++ } while ($got.Count -eq 100)
            if ($n -ne 10000) { throw "irm listed $n" }
        }
        $zil.Floor += Measure-Ms { $c = ([BackupModuleBenchmark.Floor]::Zilliz($zillizClient, $zList) | Measure-Object).Count; if ($c -ne 10000) { throw "floor listed $c" } }
    }
    Add-Result 'One list call, 10 DC/OS backups' 'ms/call' $single.Module $single.Irm $single.Floor
    Add-Result '10,000 DC/OS backups -> Measure-Object' 'ms' $dcos.Module $dcos.Irm $dcos.Floor
    Add-Result '10,000 Zilliz backups (100 pages) -> Measure-Object' 'ms' $zil.Module $zil.Irm $zil.Floor

    # 1,000 removes: the module's pipeline against a raw loop of DELETEs, on fresh halves of the seeded backups.
    $ids = @(Get-ClusterBackup -Connection $dcosLarge | Select-Object -ExpandProperty Id)
    $removeModule = @(); $removeFloor = @()
    $per = [math]::Min(1000, [math]::Floor(($ids.Count - 200) / (2 * $Rounds)))
    # Warm the remove paths up on 100 backups each, not counted.
    $warm = $ids[-200..-101]
    Get-ClusterBackup -Connection $dcosLarge | Where-Object { $warm -contains $_.Id } | Remove-ClusterBackup -Confirm:$false
    $null = [BackupModuleBenchmark.Floor]::DeleteDcos($dcosClient, "$($large.Uri)/system/v1/backup/v1/delete", [string[]]$ids[-100..-1])
    for ($round = 0; $round -lt $Rounds; $round++) {
        $mine = $ids[($round * 2 * $per)..($round * 2 * $per + $per - 1)]
        $raw = $ids[($round * 2 * $per + $per)..($round * 2 * $per + 2 * $per - 1)]
        $backups = @(Get-ClusterBackup -Connection $dcosLarge | Where-Object { $mine -contains $_.Id })
        $removeModule += Measure-Ms { $backups | Remove-ClusterBackup -Confirm:$false }
        $removeFloor += Measure-Ms { [BackupModuleBenchmark.Floor]::DeleteDcos($dcosClient, "$($large.Uri)/system/v1/backup/v1/delete", [string[]]$raw) }
    }
    Add-Result "$per Remove-ClusterBackup, one pipeline" 'ms' $removeModule @() $removeFloor
}
finally {
    Stop-BackupEmulator -Emulator $small
    Stop-BackupEmulator -Emulator $large
}

# Import-Module over a bare pwsh, in separate processes.
Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
$engine = Get-PwshCommand
$engineArguments = @($engine.Arguments)
$bare = @(); $with = @()
for ($i = 0; $i -lt $ImportRuns; $i++) {
    $bare += Measure-Ms { & $engine.FilePath @engineArguments -NoProfile -NonInteractive -Command 'exit 0' }
    $with += Measure-Ms { & $engine.FilePath @engineArguments -NoProfile -NonInteractive -Command "Import-Module '$manifest'; exit 0" }
}
Add-Result 'Import-Module over bare pwsh -NoProfile (process)' 'ms' $with @() $bare

$table = $results | Format-Table -AutoSize | Out-String -Width 200
$machine = "$([Environment]::ProcessorCount) cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription), PowerShell $($PSVersionTable.PSVersion), .NET $([Environment]::Version)"
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$stamp = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
"# pwsh-level benchmark, $stamp`n$machine; medians of $Rounds rounds ('Rounds' = module min-max / floor min-max)`n$table" | Set-Content (Join-Path $OutDir 'pwsh-benchmark.md')
$results | ConvertTo-Json | Set-Content (Join-Path $OutDir 'pwsh-benchmark.json')
Write-Host $machine
Write-Host $table
