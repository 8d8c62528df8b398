using System.Linq;
using System.Management.Automation;
using System.Security;
using BackupModule.Errors;

namespace BackupModule.Pipeline
{
    /// <summary>
    /// Reads a secret through SecretManagement's Get-Secret, invoked through the engine so that the module
    /// needs no reference to it: only when Microsoft.PowerShell.SecretManagement is installed.
    /// </summary>
    internal static class SecretVault
    {
        public const string ModuleName = "Microsoft.PowerShell.SecretManagement";

        private const string IsAvailableScript =
            "[bool](Get-Module -Name " + ModuleName + ") -or [bool](Get-Module -ListAvailable -Name " + ModuleName + ")";

        private const string GetSecretScript =
            "param($Vault, $Name) Import-Module -Name " + ModuleName + " -ErrorAction Stop; " + ModuleName + "\\Get-Secret -Vault $Vault -Name $Name -ErrorAction Stop";

        /// <summary>The secret: a PSCredential, a SecureString, or a string (other types are refused).</summary>
        /// <param name="target">The error records' target: what the secret was for (the service URI).</param>
        /// <exception cref="BackupServiceException">SecretManagementNotAvailable, or VaultSecretNotRead.</exception>
        public static object Read(PSCmdlet cmdlet, string vault, string name, object? target)
        {
            var available = cmdlet.InvokeCommand.NewScriptBlock(IsAvailableScript).Invoke().Any(o => o?.BaseObject is true);
            if (!available)
            {
                throw new BackupServiceException(
                    BackupErrorId.SecretManagementNotAvailable,
                    BackupErrorKind.InvalidOperation,
                    $"-Vault needs the {ModuleName} module, which is not installed.",
                    target)
                {
                    RecommendedAction = $"Install-PSResource {ModuleName} (or Install-Module {ModuleName}) and register a vault, or pass the credential directly.",
                };
            }

            object? secret;
            try
            {
                secret = cmdlet.InvokeCommand.NewScriptBlock(GetSecretScript).Invoke(vault, name).Select(o => o?.BaseObject).FirstOrDefault(o => o is not null);
            }
            catch (RuntimeException ex)
            {
                // Get-Secret's own message names the vault and secret, never the value.
                throw NotRead(vault, name, ex.Message, target);
            }

            switch (secret)
            {
                case PSCredential _:
                case SecureString _:
                case string _:
                    return secret;
                case null:
                    throw NotRead(vault, name, "Get-Secret returned nothing", target);
                default:
                    throw NotRead(vault, name, $"it holds a {secret.GetType().Name}, not a PSCredential, SecureString or string", target);
            }
        }

        private static BackupServiceException NotRead(string vault, string name, string why, object? target) =>
            new BackupServiceException(BackupErrorId.VaultSecretNotRead, BackupErrorKind.InvalidArgument, $"The secret '{name}' could not be read from vault '{vault}': {why}", target)
            {
                RecommendedAction = "Check the names with Get-SecretInfo -Vault <vault>, and unlock the vault if it needs a password (Unlock-SecretVault).",
            };
    }
}
