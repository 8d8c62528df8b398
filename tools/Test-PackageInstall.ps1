<#
.SYNOPSIS
    Proves the PowerShell Gallery package as a user installs it; build.ps1 -Task InstallCheck runs it.
.DESCRIPTION
    1. Test-ModuleManifest on the shipped manifest (the build's layout).
    2. Registers a throwaway local PSResourceGet repository holding only the .nupkg, and installs the package
       from it with Install-PSResource into a throwaway user module path, in a child pwsh whose home is a
       temporary folder (HOME on Linux and macOS, where the CurrentUser scope is ~/.local/share/powershell/Modules;
       on Windows that path cannot be moved, so Save-PSResource writes to a temporary module path instead).
    3. In a new process that sees only that module path: Import-Module BackupModule by name, checks where it
       loaded from and what it exports, Test-ModuleManifest on the installed manifest, and cmdlets against the
       emulator (Connect-ClusterBackupService, New-ClusterBackup -Wait, Get-ClusterBackup).
    Prints one line "Install check: ..." and throws on any failure. Everything temporary is removed.
    PowerShell 7 only (PSResourceGet ships with it).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $PackagePath,
    [Parameter(Mandatory = $true)][string] $ModuleDir,
    [ValidateSet('Debug', 'Release')][string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1') -Force

if (-not (Test-Path -LiteralPath $PackagePath)) {
    throw "No package at ${PackagePath}: build first (./build.ps1)."
}

$shipped = Test-ModuleManifest -Path (Join-Path $ModuleDir 'BackupModule.psd1')
Write-Host "Test-ModuleManifest $(Join-Path $ModuleDir 'BackupModule.psd1'): BackupModule $($shipped.Version), $($shipped.ExportedCmdlets.Count) cmdlets"
$expectedCmdlets = @($shipped.ExportedCmdlets.Keys | Sort-Object)

$work = Join-Path ([System.IO.Path]::GetTempPath()) ('backupmodule-install-' + [guid]::NewGuid().ToString('n'))
$repository = Join-Path $work 'repository'
$userHome = Join-Path $work 'home'
$savedModules = Join-Path $work 'modules'
$null = New-Item -ItemType Directory -Force -Path $repository, $userHome, $savedModules
Copy-Item -LiteralPath $PackagePath -Destination $repository

# Only the throwaway folders: no inherited module path, no user data of this machine.
$childEnvironment = @{ HOME = $userHome; POWERSHELL_TELEMETRY_OPTOUT = '1'; POWERSHELL_UPDATECHECK = 'Off' }
$notInherited = @('PSModulePath', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME')
$onWindows = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)

$emulator = $null
try {
    $install = Join-Path $work 'install.ps1'
    Set-Content -LiteralPath $install -Encoding UTF8 -Value @'
param([string] $Repository, [string] $SaveTo, [switch] $Save)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Register-PSResourceRepository -Name BackupModuleInstallCheck -Uri $Repository -Trusted
if ($Save) {
    Save-PSResource -Name BackupModule -Repository BackupModuleInstallCheck -Path $SaveTo -TrustRepository -Quiet
    "installed-to: $SaveTo"
}
else {
    Install-PSResource -Name BackupModule -Repository BackupModuleInstallCheck -Scope CurrentUser -TrustRepository -Quiet
    $installed = Get-InstalledPSResource -Name BackupModule -Scope CurrentUser
    "installed-to: $($installed.InstalledLocation)"
}
# On Windows the registration lives in the real user profile: leave nothing behind.
Unregister-PSResourceRepository -Name BackupModuleInstallCheck
'@
    $arguments = @('-Repository', $repository, '-SaveTo', $savedModules)
    if ($onWindows) { $arguments += '-Save' }
    $installed = Invoke-ChildPwsh -File $install -ArgumentList $arguments -Environment $childEnvironment -RemoveEnvironment $notInherited
    if ($installed.ExitCode -ne 0 -or $installed.Errors) {
        throw "Installing the package failed (exit code $($installed.ExitCode)): $($installed.Output) $($installed.Errors)"
    }
    $location = ($installed.Output -split "`r?`n" | Where-Object { $_ -like 'installed-to: *' } | Select-Object -First 1) -replace '^installed-to: ', ''
    if (-not $location -or -not $location.StartsWith($work, [StringComparison]::OrdinalIgnoreCase)) {
        throw "The package was not installed into the throwaway module path under ${work}: '$location'."
    }
    $verb = if ($onWindows) { 'Save-PSResource' } else { 'Install-PSResource' }
    Write-Host "${verb}: BackupModule from a throwaway local repository into $location"

    $emulator = Start-BackupEmulator -Configuration $Configuration -BackupDelayMs 200 -RestoreDelayMs 200
    $use = Join-Path $work 'use.ps1'
    Set-Content -LiteralPath $use -Encoding UTF8 -Value @'
param([string] $Uri, [string] $ExtraModulePath)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
if ($ExtraModulePath) { $env:PSModulePath = $ExtraModulePath + [System.IO.Path]::PathSeparator + $env:PSModulePath }
Import-Module BackupModule
$module = Get-Module BackupModule
"module-base: $($module.ModuleBase)"
"cmdlets: $((@($module.ExportedCmdlets.Keys) | Sort-Object) -join ',')"
$tested = Test-ModuleManifest -Path (Join-Path $module.ModuleBase 'BackupModule.psd1')
"manifest: $($tested.Name) $($tested.Version)"
Connect-ClusterBackupService -Dcos -Uri $Uri -Token (ConvertTo-SecureString 'dcos-emulator-token' -AsPlainText -Force)
$null = New-ClusterBackup -Label install-check -Wait -TimeoutSec 60
"backups: $(@(Get-ClusterBackup -Label install-check -Status Ready).Count)"
'@
    $useArguments = @('-Uri', $emulator.Uri)
    if ($onWindows) { $useArguments += @('-ExtraModulePath', $savedModules) }
    $used = Invoke-ChildPwsh -File $use -ArgumentList $useArguments -Environment $childEnvironment -RemoveEnvironment $notInherited
    if ($used.ExitCode -ne 0 -or $used.Errors) {
        throw "Using the installed module failed (exit code $($used.ExitCode)): $($used.Output) $($used.Errors)"
    }
    $lines = $used.Output -split "`r?`n"
    function Read-Field([string] $Name) {
        ($lines | Where-Object { $_ -like "${Name}: *" } | Select-Object -First 1) -replace "^${Name}: ", ''
    }
    $base = Read-Field 'module-base'
    if (-not $base.StartsWith($work, [StringComparison]::OrdinalIgnoreCase)) {
        throw "Import-Module BackupModule loaded $base, not the installed copy under $work."
    }
    $cmdlets = Read-Field 'cmdlets'
    if ($cmdlets -ne ($expectedCmdlets -join ',')) {
        throw "The installed module exports '$cmdlets', the shipped manifest '$($expectedCmdlets -join ',')'."
    }
    if ((Read-Field 'manifest') -ne "BackupModule $($shipped.Version)") {
        throw "Test-ModuleManifest on the installed manifest said '$(Read-Field 'manifest')'."
    }
    $backups = Read-Field 'backups'
    if ($backups -ne '1') {
        throw "Get-ClusterBackup through the installed module listed '$backups' Ready backup(s) labelled install-check, not the one New-ClusterBackup -Wait made."
    }
    Write-Host "Install check: BackupModule $($shipped.Version) installed with $verb from a throwaway repository; Import-Module BackupModule by name in a new process loaded it from $base with $($expectedCmdlets.Count) cmdlets; New-ClusterBackup -Wait and Get-ClusterBackup worked against the emulator"
}
finally {
    if ($null -ne $emulator) { Stop-BackupEmulator -Emulator $emulator }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
