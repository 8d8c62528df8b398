# Starts and stops the BackupModule emulator as a process, for build.ps1's Demo and the Pester suites.
# Works on Windows PowerShell 5.1 and PowerShell 7.
Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path -Parent $PSScriptRoot

function Stop-BackupEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] $Emulator)

    $process = $Emulator.Process
    if ($null -eq $process) { return }
    try {
        if (-not $process.HasExited) {
            # 'dotnet run' starts the emulator as a child process: end the whole tree.
            if ($PSVersionTable.PSEdition -eq 'Core') {
                $process.Kill($true)
            }
            else {
                $ErrorActionPreference = 'Continue'
                $null = & taskkill.exe /PID $process.Id /T /F 2>&1
            }
            $null = $process.WaitForExit(15000)
        }
    }
    finally {
        $process.Dispose()
    }
}

function Get-BannerSecret {
    # The emulator shows its token or API key only when it is the documented default, else "(configured)".
    param([string] $Value)
    if ($Value -eq '(configured)') { return $null }
    $Value
}

function Start-BackupEmulator {
    <#
    .SYNOPSIS
        Starts the emulator on a free loopback port; returns an object with Uri (http://127.0.0.1:PORT),
        the DC/OS, milvus-backup and Zilliz Cloud details of its banner, and Process.
    .DESCRIPTION
        Runs `dotnet run --no-build -c Release --project src/BackupModule.Emulator -- --urls http://127.0.0.1:0 ...`
        (from the -Configuration build output, default Release) and reads its banner from its standard output:

            BackupModule emulator listening on http://127.0.0.1:PORT
            DC/OS backup API: http://127.0.0.1:PORT/system/v1/backup/v1  token: dcos-emulator-token
            Zilliz Cloud API: http://127.0.0.1:PORT  API key: zilliz-emulator-key  project: proj-emulator  cluster: in01-emulator
            milvus-backup API: http://127.0.0.1:PORT/api/v1  connect: http://127.0.0.1:PORT  authentication: none

        With -Url https://127.0.0.1:0 it serves https with a certificate from a CA it makes at start, and with
        -CertificateAuthorityOut writes that CA's PEM there; the banner then has a line before the Zilliz one:

            TLS CA certificate: /path/to/ca.pem

        The object's properties: Uri, DcosToken, MilvusBackupUri (what Connect-ClusterBackupService -MilvusBackup -Uri
        takes), ZillizUri, ZillizApiKey, ZillizProjectId, ZillizClusterId (a token or key the emulator shows as
        "(configured)" stays $null), CertificateAuthorityPath and Process.
        -ArgumentList adds emulator options, e.g. @('--zilliz-seed-backups', '2').
    #>
    [CmdletBinding()]
    param(
        [int] $BackupDelayMs = 3000,
        [int] $RestoreDelayMs = 3000,
        [int] $ZillizBackupDelayMs = 3000,
        [int] $ZillizRestoreDelayMs = 3000,
        [int] $MilvusBackupDelayMs = 3000,
        [int] $MilvusRestoreDelayMs = 3000,
        [string[]] $ArgumentList = @(),
        [ValidatePattern('^https?://')]
        [string] $Url = 'http://127.0.0.1:0',
        [string] $CertificateAuthorityOut,
        [int] $StartTimeoutSec = 120,
        [ValidateSet('Debug', 'Release')]
        [string] $Configuration = 'Release'
    )

    $project = Join-Path (Join-Path $script:RepoRoot 'src') 'BackupModule.Emulator'

    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = 'dotnet'
    $extra = ''
    if ($CertificateAuthorityOut) {
        $ArgumentList = @('--ca-certificate-out', $CertificateAuthorityOut) + $ArgumentList
    }
    foreach ($argument in $ArgumentList) {
        $extra += ' "' + ($argument -replace '"', '\"') + '"'
    }
    $psi.Arguments = "run --no-build -c $Configuration --project `"$project`" -- --urls $Url" +
        " --dcos-backup-delay-ms $BackupDelayMs --dcos-restore-delay-ms $RestoreDelayMs" +
        " --zilliz-backup-delay-ms $ZillizBackupDelayMs --zilliz-restore-delay-ms $ZillizRestoreDelayMs" +
        " --milvus-backup-delay-ms $MilvusBackupDelayMs --milvus-restore-delay-ms $MilvusRestoreDelayMs$extra"
    $psi.WorkingDirectory = $script:RepoRoot
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.CreateNoWindow = $true

    $process = [System.Diagnostics.Process]::Start($psi)
    $emulator = [pscustomobject]@{
        Uri             = $null
        DcosToken       = $null
        MilvusBackupUri = $null
        ZillizUri       = $null
        ZillizApiKey    = $null
        ZillizProjectId = $null
        ZillizClusterId = $null
        CertificateAuthorityPath = $null
        Process         = $process
    }
    try {
        $stderr = $process.StandardError.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds($StartTimeoutSec)
        $seen = New-Object System.Collections.Generic.List[string]
        # The milvus-backup line is the banner's last required line (it comes after the Zilliz Cloud one).
        while ($null -eq $emulator.Uri -or $null -eq $emulator.ZillizUri -or $null -eq $emulator.MilvusBackupUri) {
            $left = $deadline - [DateTime]::UtcNow
            if ($left -le [TimeSpan]::Zero) {
                throw "The emulator printed no banner within $StartTimeoutSec s. Output so far: $($seen -join ' | ')"
            }
            $read = $process.StandardOutput.ReadLineAsync()
            if (-not $read.Wait($left)) {
                throw "The emulator printed no banner within $StartTimeoutSec s. Output so far: $($seen -join ' | ')"
            }
            $line = $read.Result
            if ($null -eq $line) {
                $null = $process.WaitForExit(10000)
                throw "The emulator exited before listening (did the Release build run? ./build.ps1 -Task Build). Output: $($seen -join ' | ') Errors: $($stderr.Result)"
            }
            $seen.Add($line)
            if ($line -match 'BackupModule emulator listening on (https?://[^\s/]+)') {
                $emulator.Uri = $Matches[1]
            }
            elseif ($line -match '^TLS CA certificate: (.+)$') {
                $emulator.CertificateAuthorityPath = $Matches[1]
            }
            elseif ($line -match '^DC/OS backup API: \S+\s+token: (\S+)') {
                $emulator.DcosToken = Get-BannerSecret $Matches[1]
            }
            elseif ($line -match '^milvus-backup API: \S+\s+connect: (https?://\S+)') {
                $emulator.MilvusBackupUri = $Matches[1]
            }
            elseif ($line -match '^Zilliz Cloud API: (https?://[^\s/]+)\s+API key: (\S+)\s+project: (\S+)\s+cluster: (\S+)') {
                $emulator.ZillizUri = $Matches[1]
                $emulator.ZillizApiKey = Get-BannerSecret $Matches[2]
                $emulator.ZillizProjectId = $Matches[3]
                $emulator.ZillizClusterId = $Matches[4]
            }
        }
        # Keep draining its output so its writes never block on a full pipe.
        $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)
        $emulator
    }
    catch {
        Stop-BackupEmulator -Emulator $emulator
        throw
    }
}

Export-ModuleMember -Function @('Start-BackupEmulator', 'Stop-BackupEmulator')
