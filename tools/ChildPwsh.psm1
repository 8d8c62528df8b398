# Runs a script in a new process of the running PowerShell engine, for what needs a fresh process: an
# environment .NET reads once per process (HTTPS_PROXY), assemblies no other suite loaded, or a module imported
# by name from a module path. Get-PwshCommand works on Windows PowerShell 5.1 too; Invoke-ChildPwsh needs
# PowerShell 7 (ProcessStartInfo.ArgumentList).
Set-StrictMode -Version Latest

function Get-PwshCommand {
    <#
    .SYNOPSIS
        The program and leading arguments that start the running engine again: pwsh or powershell.exe itself,
        or, under `dotnet pwsh` (the repository's pinned .NET tool), dotnet with $PSHOME/pwsh.dll.
    #>
    $process = (Get-Process -Id $PID).Path
    $name = [System.IO.Path]::GetFileNameWithoutExtension($process)
    if ($name -eq 'pwsh' -or $name -eq 'powershell') {
        return [pscustomobject]@{ FilePath = $process; Arguments = @() }
    }
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if (-not (Test-Path -LiteralPath $dll)) {
        throw "Cannot start this engine again: the process is $process and $dll does not exist."
    }
    [pscustomobject]@{ FilePath = $process; Arguments = @($dll) }
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
        Runs -File with -ArgumentList in a new pwsh process (-NoProfile -NonInteractive); returns ExitCode, Output
        and Errors. -Environment sets variables in the child, -RemoveEnvironment drops inherited ones.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string] $File,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        [string[]] $RemoveEnvironment = @(),
        [int] $TimeoutSec = 120
    )
    $command = Get-PwshCommand
    $psi = [System.Diagnostics.ProcessStartInfo]::new($command.FilePath)
    foreach ($argument in @($command.Arguments) + @('-NoProfile', '-NonInteractive', '-File', $File) + $ArgumentList) {
        $psi.ArgumentList.Add($argument)
    }
    foreach ($name in $RemoveEnvironment) {
        $null = $psi.Environment.Remove($name)
    }
    foreach ($name in $Environment.Keys) {
        $psi.Environment[$name] = [string]$Environment[$name]
    }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    try {
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSec * 1000)) {
            $process.Kill($true)
            throw "The child pwsh ($File) did not finish within $TimeoutSec s."
        }
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Errors = $stderr.Result }
    }
    finally {
        $process.Dispose()
    }
}

Export-ModuleMember -Function Get-PwshCommand, Invoke-ChildPwsh
