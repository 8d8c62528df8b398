<#
.SYNOPSIS
    Builds, tests, packages and demonstrates BackupModule.

.DESCRIPTION
    Tasks:
      Build    (default) dotnet build BackupModule.sln -c Release; lays the module out in out/BackupModule/.
      Test     Build, then dotnet test BackupModule.sln (the xunit tests, including the in-process
               engine tests in tests/BackupModule.EngineTests), then the Pester 5 suites in ./pester
               (skipped with a warning when Pester 5 is not installed).
      Pester   Build, then only the Pester 5 suites (used by .ci/run after its own dotnet test).
      Package  Build, then zips out/BackupModule into out/BackupModule-<version>.zip.
      Demo     Build, starts the emulator on a free loopback port, imports the module and runs
               create -Wait, list, the pipeline restore -Wait and remove; always stops the emulator.

    -NoBuild skips the dotnet build (the layout in out/BackupModule is still checked), for callers that
    have just built the same configuration, like .ci/run after its dotnet test.

    Needs the .NET SDK 10 on PATH. Runs on Windows PowerShell 5.1 and PowerShell 7.

.EXAMPLE
    ./build.ps1

.EXAMPLE
    ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Package', 'Demo')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [switch] $NoBuild
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleDir = Join-Path $OutDir 'BackupModule'
$Solution = Join-Path $RepoRoot 'BackupModule.sln'

# Quiet, reproducible dotnet CLI output.
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
# The Pester helpers start the emulator from this configuration's build output.
$env:BACKUPMODULE_CONFIGURATION = $Configuration

function Write-Step {
    param([Parameter(Mandatory = $true)][string] $Text)
    Write-Host ''
    Write-Host "==> $Text" -ForegroundColor Cyan
}

function Invoke-Dotnet {
    param([Parameter(Mandatory = $true)][string[]] $Arguments)
    Write-Host ("dotnet " + ($Arguments -join ' ')) -ForegroundColor DarkGray
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    Write-Step "Build ($Configuration)"
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        throw 'The .NET SDK (dotnet) is not on PATH. Install the .NET SDK 10 to build BackupModule.'
    }
    if ($NoBuild) {
        Write-Host 'Skipped (-NoBuild): checking the existing layout.'
    }
    else {
        Invoke-Dotnet -Arguments @('build', $Solution, '-c', $Configuration)
    }
    foreach ($file in @('BackupModule.psd1', 'BackupModule.dll', 'BackupModule.Core.dll', 'BackupModule.Format.ps1xml')) {
        if (-not (Test-Path -LiteralPath (Join-Path $ModuleDir $file))) {
            throw "The build did not lay out $file in $ModuleDir."
        }
    }
    if (Test-Path -LiteralPath (Join-Path $ModuleDir 'System.Management.Automation.dll')) {
        throw "System.Management.Automation.dll must not ship in $ModuleDir."
    }
    Write-Host "Module laid out in $ModuleDir"
}

function Invoke-PesterSuites {
    Write-Step 'Pester suites (./pester)'
    $pester = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version -ge [version]'5.0.0' } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if ($null -eq $pester) {
        Write-Warning 'Pester 5 is not installed: skipping the suites in ./pester. Install it with: Install-Module Pester -MinimumVersion 5.5 -Scope CurrentUser -Force -SkipPublisherCheck'
        return
    }
    # Windows PowerShell 5.1 ships Pester 3.4; make sure 5.x is the one in use.
    Get-Module -Name Pester | Remove-Module -Force
    Import-Module -Name $pester.Path -Force

    $resultsDir = Join-Path $OutDir 'pester'
    $null = New-Item -ItemType Directory -Path $resultsDir -Force

    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $RepoRoot 'pester'
    $config.Run.PassThru = $true
    $config.Run.Exit = $false
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = Join-Path $resultsDir 'results.xml'

    $result = Invoke-Pester -Configuration $config
    $passed = Get-ResultCount -Result $result -Name 'PassedCount'
    $failed = Get-ResultCount -Result $result -Name 'FailedCount'
    $skipped = (Get-ResultCount -Result $result -Name 'SkippedCount') + (Get-ResultCount -Result $result -Name 'NotRunCount')
    $failedBlocks = (Get-ResultCount -Result $result -Name 'FailedBlocksCount') + (Get-ResultCount -Result $result -Name 'FailedContainersCount')
    # One machine-readable line; .ci/run adds these counts to the xunit ones.
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $passed, $failed, $skipped)
    if ($result.Result -ne 'Passed' -or $failed -gt 0 -or $failedBlocks -gt 0) {
        throw "Pester: $failed test(s) failed and $failedBlocks block(s) or file(s) could not run."
    }
}

function Get-ResultCount {
    # A count from Pester's result object, 0 when this Pester version does not have it.
    param($Result, [string] $Name)
    $property = $Result.PSObject.Properties[$Name]
    if ($null -eq $property -or $null -eq $property.Value) { return 0 }
    [int]$property.Value
}

function Invoke-Test {
    Invoke-Build
    Write-Step 'dotnet test BackupModule.sln'
    Invoke-Dotnet -Arguments @('test', $Solution, '-c', $Configuration, '--no-build')
    Invoke-PesterSuites
}

function Invoke-Package {
    Invoke-Build
    Write-Step 'Package'
    $manifest = Import-PowerShellDataFile -Path (Join-Path $ModuleDir 'BackupModule.psd1')
    $zip = Join-Path $OutDir ("BackupModule-{0}.zip" -f $manifest.ModuleVersion)
    if (Test-Path -LiteralPath $zip) {
        Remove-Item -LiteralPath $zip -Force
    }
    # ZipFile writes '/' separators on .NET Framework 4.6.1+ and .NET, so the zip unpacks on Linux too.
    # The zip's top folder is BackupModule/, ready to drop into a PSModulePath folder.
    Add-Type -AssemblyName System.IO.Compression
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [System.IO.Compression.ZipFile]::CreateFromDirectory($ModuleDir, $zip, [System.IO.Compression.CompressionLevel]::Optimal, $true)
    Write-Host "Package: $zip"
}

Import-Module (Join-Path (Join-Path $RepoRoot 'tools') 'EmulatorProcess.psm1') -Force

function Invoke-Demo {
    Invoke-Build
    Write-Step 'Demo against the emulator'
    $emulator = $null
    try {
        $emulator = Start-BackupEmulator -Configuration $Configuration
        $uri = $emulator.Uri

        Write-Step 'Import-Module out/BackupModule/BackupModule.psd1'
        Import-Module (Join-Path $ModuleDir 'BackupModule.psd1') -Force

        Write-Step "Connect-ClusterBackupService -Dcos -Uri $uri -Token <dcos-emulator-token>"
        $token = ConvertTo-SecureString 'dcos-emulator-token' -AsPlainText -Force
        Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -PassThru | Format-Table | Out-Host

        Write-Step 'New-ClusterBackup -Label demo-nightly -Wait'
        New-ClusterBackup -Label demo-nightly -Wait | Format-List | Out-Host

        Write-Step 'Get-ClusterBackup | Format-Table'
        Get-ClusterBackup | Format-Table | Out-Host

        Write-Step 'Get-ClusterBackup -Label demo-* | Where-Object Status -eq Ready | Restore-ClusterBackup -Wait -Confirm:$false'
        Get-ClusterBackup -Label demo-* | Where-Object Status -eq Ready | Restore-ClusterBackup -Wait -Confirm:$false | Format-Table | Out-Host

        Write-Step 'Get-ClusterBackup -Label demo-* | Remove-ClusterBackup -Force'
        Get-ClusterBackup -Label demo-* | Remove-ClusterBackup -Force

        $left = @(Get-ClusterBackup -Label demo-*).Count
        Write-Host "Backups labelled demo-* left: $left"
        Disconnect-ClusterBackupService
        if ($left -ne 0) {
            throw "The demo left $left backup(s) labelled demo-*."
        }
    }
    finally {
        if ($null -ne $emulator) {
            Write-Host 'Stopping the emulator.'
            Stop-BackupEmulator -Emulator $emulator
        }
    }
    Write-Step 'Demo finished'
    # One machine-readable end line; .ci/run repeats it.
    Write-Host 'Demo: finished (create -Wait, list, pipeline restore -Wait, remove; emulator stopped)'

}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Pester' { Invoke-Build; Invoke-PesterSuites }
    'Package' { Invoke-Package }
    'Demo' { Invoke-Demo }
}
