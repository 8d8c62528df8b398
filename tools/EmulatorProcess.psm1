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

function Start-BackupEmulator {
    <#
    .SYNOPSIS
        Starts the emulator on a free loopback port; returns an object with Uri (http://127.0.0.1:PORT) and Process.
    .DESCRIPTION
        Runs `dotnet run --no-build -c Release --project src/BackupModule.Emulator -- --urls http://127.0.0.1:0 ...`
        (from the -Configuration build output, default Release) and reads the banner
        "BackupModule emulator listening on http://127.0.0.1:PORT" from its standard output.
    #>
    [CmdletBinding()]
    param(
        [int] $BackupDelayMs = 3000,
        [int] $RestoreDelayMs = 3000,
        [int] $StartTimeoutSec = 120,
        [ValidateSet('Debug', 'Release')]
        [string] $Configuration = 'Release',
        # More emulator options, e.g. '--dcos-seed-backups', '10000' (see the emulator's --help).
        [string[]] $ExtraArguments = @()
    )

    $project = Join-Path (Join-Path $script:RepoRoot 'src') 'BackupModule.Emulator'

    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = 'dotnet'
    $psi.Arguments = "run --no-build -c $Configuration --project `"$project`" -- --urls http://127.0.0.1:0 --dcos-backup-delay-ms $BackupDelayMs --dcos-restore-delay-ms $RestoreDelayMs $($ExtraArguments -join ' ')"
    $psi.WorkingDirectory = $script:RepoRoot
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.CreateNoWindow = $true

    $process = [System.Diagnostics.Process]::Start($psi)
    $emulator = [pscustomobject]@{ Uri = $null; Process = $process }
    try {
        $stderr = $process.StandardError.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds($StartTimeoutSec)
        $seen = New-Object System.Collections.Generic.List[string]
        while ($null -eq $emulator.Uri) {
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
