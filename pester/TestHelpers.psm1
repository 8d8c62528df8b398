# Helpers for the Pester suites: start/stop the emulator, steer it through its /_emulator admin routes,
# and capture error records. Works on Windows PowerShell 5.1 and PowerShell 7.
Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path -Parent $PSScriptRoot

function Get-RepoRoot {
    $script:RepoRoot
}

function Get-TestConfiguration {
    # build.ps1 says which build it made; run by hand, the suites use the Release build.
    if ($env:BACKUPMODULE_CONFIGURATION) { return $env:BACKUPMODULE_CONFIGURATION }
    'Release'
}

# The variables every back end connects from (Connect-ClusterBackupService without parameters, and the cmdlets'
# fallback). A suite clears them, so that it decides when the environment is in play, and puts them back after.
$script:ConnectionVariables = @('DCOS_URL', 'DCOS_ACS_TOKEN', 'ZILLIZ_API_KEY', 'ZILLIZ_CLOUD_URI', 'ZILLIZ_CLUSTER_ID', 'ZILLIZ_PROJECT_ID', 'MILVUS_BACKUP_URL')

function Clear-ConnectionVariable {
    <# Clears the connection variables; returns what they held, for Restore-ConnectionVariable. #>
    $saved = @{}
    foreach ($name in $script:ConnectionVariables) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    $saved
}

function Restore-ConnectionVariable {
    param([hashtable] $Saved)
    if ($null -eq $Saved) { return }
    foreach ($name in $Saved.Keys) {
        [Environment]::SetEnvironmentVariable($name, $Saved[$name])
    }
}

function Get-ModuleManifestPath {
    # The built layout of that configuration (Directory.Build.targets): out/BackupModule for Release,
    # out/<Configuration>/BackupModule for any other.
    $out = Join-Path $script:RepoRoot 'out'
    $configuration = Get-TestConfiguration
    if ($configuration -ne 'Release') { $out = Join-Path $out $configuration }
    $path = Join-Path (Join-Path $out 'BackupModule') 'BackupModule.psd1'
    if (-not (Test-Path -LiteralPath $path)) {
        throw "The module is not built: $path is missing. Run ./build.ps1 -Task Build first."
    }
    $path
}

Import-Module (Join-Path (Join-Path $script:RepoRoot 'tools') 'EmulatorProcess.psm1') -Force

function Start-TestEmulator {
    <# Starts the emulator on a free loopback port with the suites' short delays; returns Uri and Process. #>
    [CmdletBinding()]
    param([int] $BackupDelayMs = 500, [int] $RestoreDelayMs = 500, [string] $Url = 'http://127.0.0.1:0', [string] $CertificateAuthorityOut, [string[]] $ArgumentList = @())
    Start-BackupEmulator -BackupDelayMs $BackupDelayMs -RestoreDelayMs $RestoreDelayMs -Configuration (Get-TestConfiguration) -Url $Url -CertificateAuthorityOut $CertificateAuthorityOut -ArgumentList $ArgumentList
}

function Stop-TestEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] $Emulator)
    Stop-BackupEmulator -Emulator $Emulator
}

function Invoke-EmulatorAdmin {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $Emulator,
        [Parameter(Mandatory = $true)][ValidateSet('GET', 'POST', 'DELETE')][string] $Method,
        [Parameter(Mandatory = $true)][string] $Path,
        [hashtable] $Body
    )
    $params = @{
        Uri             = $Emulator.Uri + $Path
        Method          = $Method
        UseBasicParsing = $true
        ErrorAction     = 'Stop'
    }
    if ($null -ne $Body) {
        $params.Body = ConvertTo-Json -InputObject $Body -Compress -Depth 5
        $params.ContentType = 'application/json'
    }
    Invoke-RestMethod @params
}

function Get-EmulatorAudit {
    <# The API requests the emulator saw, oldest first (admin routes are not recorded): at, method, path, query, requestBody, statusCode, credential, fault. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] $Emulator)
    $entries = Invoke-EmulatorAdmin -Emulator $Emulator -Method GET -Path '/_emulator/audit'
    # Windows PowerShell 5.1 returns a JSON array as one object: unroll it either way.
    foreach ($entry in @($entries)) {
        if ($null -ne $entry) { $entry }
    }
}

function Clear-EmulatorAudit {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] $Emulator)
    $null = Invoke-EmulatorAdmin -Emulator $Emulator -Method DELETE -Path '/_emulator/audit'
}

function Get-EmulatorMutation {
    <#
    The POST and DELETE requests sent to the DC/OS backup API, or with -Backend zilliz to the Zilliz Cloud
    API under /v2/ (a restore's read-only check, POST /cluster-endpoints/.../collections/has, is not one).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $Emulator,
        [ValidateSet('dcos', 'zilliz')][string] $Backend = 'dcos'
    )
    $prefix = if ($Backend -eq 'zilliz') { '/v2/*' } else { '/system/v1/backup/*' }
    Get-EmulatorAudit -Emulator $Emulator |
        Where-Object { ($_.method -eq 'POST' -or $_.method -eq 'DELETE') -and $_.path -like $prefix }
}

function Add-EmulatorFault {
    <# Arms one fault rule (POST /_emulator/faults); only the given fields are sent. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $Emulator,
        [string] $Method,
        [string] $PathPrefix,
        [int] $StatusCode,
        [string] $Message,
        [int] $RetryAfterSeconds,
        [int] $DelayMs,
        [switch] $Abort,
        [switch] $TruncateBody,
        [switch] $AfterHandler,
        [int] $Times
    )
    $rule = @{}
    $names = @{
        Method = 'method'; PathPrefix = 'pathPrefix'; StatusCode = 'statusCode'; Message = 'message'
        RetryAfterSeconds = 'retryAfterSeconds'; DelayMs = 'delayMs'; Times = 'times'
    }
    foreach ($name in $names.Keys) {
        if ($PSBoundParameters.ContainsKey($name)) { $rule[$names[$name]] = $PSBoundParameters[$name] }
    }
    if ($Abort) { $rule.abort = $true }
    if ($TruncateBody) { $rule.truncateBody = $true }
    if ($AfterHandler) { $rule.afterHandler = $true }
    $null = Invoke-EmulatorAdmin -Emulator $Emulator -Method POST -Path '/_emulator/faults' -Body $rule
}

function Clear-EmulatorFault {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] $Emulator)
    $null = Invoke-EmulatorAdmin -Emulator $Emulator -Method DELETE -Path '/_emulator/faults'
}

function Set-EmulatorFailNext {
    <# The next backup and/or restore of -Backend (dcos: STATUS_ERROR, zilliz: FAILED) fails with this text (POST /_emulator/<backend>/fail-next). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $Emulator,
        [string] $Backup,
        [string] $Restore,
        [ValidateSet('dcos', 'zilliz')][string] $Backend = 'dcos'
    )
    $body = @{}
    if ($Backup) { $body.backup = $Backup }
    if ($Restore) { $body.restore = $Restore }
    $null = Invoke-EmulatorAdmin -Emulator $Emulator -Method POST -Path "/_emulator/$Backend/fail-next" -Body $body
}

function Set-EmulatorZillizSetting {
    <#
    Durations of new Zilliz backup/restore jobs (the process starts with 3 s) and how backups show their
    collections (Collections, as the reference's examples, or DbCollections, as its schema; a reset keeps it):
    POST /_emulator/zilliz/settings.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $Emulator,
        [int] $BackupDurationMs,
        [int] $RestoreDurationMs,
        [ValidateSet('Collections', 'DbCollections')][string] $CollectionsShape
    )
    $body = @{}
    if ($PSBoundParameters.ContainsKey('BackupDurationMs')) { $body.backupDurationMs = $BackupDurationMs }
    if ($PSBoundParameters.ContainsKey('RestoreDurationMs')) { $body.restoreDurationMs = $RestoreDurationMs }
    if ($PSBoundParameters.ContainsKey('CollectionsShape')) { $body.collectionsShape = $CollectionsShape }
    $null = Invoke-EmulatorAdmin -Emulator $Emulator -Method POST -Path '/_emulator/zilliz/settings' -Body $body
}

function Get-EmulatorZillizCluster {
    <# The emulated Zilliz clusters as they are now (GET /_emulator/zilliz/clusters): clusterId, clusterName, databases[].collections[]. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] $Emulator)
    foreach ($cluster in @(Invoke-EmulatorAdmin -Emulator $Emulator -Method GET -Path '/_emulator/zilliz/clusters')) {
        if ($null -ne $cluster) { $cluster }
    }
}

function Set-EmulatorDcosSetting {
    <# Durations of new backups/restores and the response shape (POST /_emulator/dcos/settings). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $Emulator,
        [int] $BackupDurationMs,
        [int] $RestoreDurationMs,
        [bool] $BareShapes
    )
    $body = @{}
    if ($PSBoundParameters.ContainsKey('BackupDurationMs')) { $body.backupDurationMs = $BackupDurationMs }
    if ($PSBoundParameters.ContainsKey('RestoreDurationMs')) { $body.restoreDurationMs = $RestoreDurationMs }
    if ($PSBoundParameters.ContainsKey('BareShapes')) { $body.bareShapes = $BareShapes }
    $null = Invoke-EmulatorAdmin -Emulator $Emulator -Method POST -Path '/_emulator/dcos/settings' -Body $body
}

function Reset-Emulator {
    <#
    Forgets every backup and restore, disarms faults and pending failures, clears the audit log
    (POST /_emulator/reset), then puts the DC/OS settings back to the suites' defaults (reset keeps them).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $Emulator,
        [int] $BackupDurationMs = 500,
        [int] $RestoreDurationMs = 500
    )
    $null = Invoke-EmulatorAdmin -Emulator $Emulator -Method POST -Path '/_emulator/reset'
    Set-EmulatorDcosSetting -Emulator $Emulator -BackupDurationMs $BackupDurationMs -RestoreDurationMs $RestoreDurationMs -BareShapes $false
}

function Get-CapturedError {
    <#
    .SYNOPSIS
        Runs a script block and returns the first error record it raised, or $null.
    .DESCRIPTION
        Catches terminating errors (give the commands inside -ErrorAction Stop, the way scripts are told
        to handle errors: -ErrorAction Stop + try/catch on $_.FullyQualifiedErrorId) and also picks up
        non-terminating ones from the merged error stream.
    #>
    param([Parameter(Mandatory = $true)][scriptblock] $ScriptBlock)
    try {
        $output = & $ScriptBlock 2>&1
        foreach ($item in @($output)) {
            if ($item -is [System.Management.Automation.ErrorRecord]) {
                return $item
            }
        }
        $null
    }
    catch {
        $_
    }
}

Export-ModuleMember -Function @(
    'Get-RepoRoot'
    'Get-TestConfiguration'
    'Clear-ConnectionVariable'
    'Restore-ConnectionVariable'
    'Get-ModuleManifestPath'
    'Start-TestEmulator'
    'Stop-TestEmulator'
    'Invoke-EmulatorAdmin'
    'Get-EmulatorAudit'
    'Clear-EmulatorAudit'
    'Get-EmulatorMutation'
    'Add-EmulatorFault'
    'Clear-EmulatorFault'
    'Set-EmulatorFailNext'
    'Set-EmulatorZillizSetting'
    'Get-EmulatorZillizCluster'
    'Set-EmulatorDcosSetting'
    'Reset-Emulator'
    'Get-CapturedError'
)
