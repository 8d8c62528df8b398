#
# Module manifest for BackupModule: back up and restore DC/OS Enterprise, Zilliz Cloud and self-hosted Milvus (milvus-backup) clusters from PowerShell.
# This file works where it stands once the module is built (./build.ps1): Test-ModuleManifest ./BackupModule.psd1
# and Import-Module ./BackupModule.psd1 use the Release layout in out/BackupModule/. The build lays out the shipped
# copy, out/BackupModule/BackupModule.psd1 (and the package in out/package/), from this file: the same text with
# the out/BackupModule/ prefix taken off its paths and ModuleVersion stamped.
# ModuleVersion must equal <Version> in Directory.Build.props, the one version source: the build stamps
# that version into the shipped manifest, and a test fails when this line disagrees.
#
@{
    RootModule             = 'out/BackupModule/BackupModule.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = 'a236412c-65a2-43e6-88e3-702d2872ebcc'
    Author                 = 'BackupModule contributors'
    CompanyName            = 'BackupModule contributors'
    Copyright              = '(c) 2026 BackupModule contributors. MIT License.'
    Description            = 'Creates, lists, restores and deletes cluster backups from Windows PowerShell 5.1 and PowerShell 7: DC/OS Enterprise (the backup service of Marathon state, /system/v1/backup/v1), Zilliz Cloud (managed Milvus, REST API v2: cluster and collection backups, restore into a new cluster or chosen collections into an existing one, jobs, backup policy) and self-hosted Milvus through a milvus-backup server (asynchronous backups and restores, suffixes and renames, never overwriting without -DropExisting).'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'

    FormatsToProcess       = @('out/BackupModule/BackupModule.Format.ps1xml')

    CmdletsToExport        = @(
        'Connect-ClusterBackupService',
        'Disconnect-ClusterBackupService',
        'Get-ClusterBackupService',
        'New-ClusterBackup',
        'Get-ClusterBackup',
        'Restore-ClusterBackup',
        'Remove-ClusterBackup',
        'Get-ClusterBackupJob',
        'Wait-ClusterBackupJob',
        'Get-ClusterBackupPolicy',
        'Set-ClusterBackupPolicy',
        'Export-ClusterBackup'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()

    PrivateData            = @{
        PSData = @{
            Tags         = @('DCOS', 'Mesosphere', 'Marathon', 'Zilliz', 'Milvus', 'MilvusBackup', 'VectorDatabase', 'Backup', 'Restore', 'Cluster', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # No ProjectUri or LicenseUri yet: the module has no public home (it is not on the PowerShell
            # Gallery yet); the license is the LICENSE file beside this manifest.
            ReleaseNotes = @'
0.1.0: first release. DC/OS Enterprise (backup service, /system/v1/backup/v1), Zilliz Cloud (REST API v2)
and milvus-backup (REST server of self-hosted Milvus) back ends: Connect-/Disconnect-ClusterBackupService, New-, Get-, Restore-, Remove- and Export-ClusterBackup,
Get-/Wait-ClusterBackupJob, Get-/Set-ClusterBackupPolicy. Windows PowerShell 5.1 and PowerShell 7 on
Windows, Linux and macOS.
'@
        }
    }
}
