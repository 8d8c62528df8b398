using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using BackupModule.Model;

namespace BackupModule.Dcos
{
    /// <summary>
    /// DC/OS states to the module's (backup-apis.md A.4, D.3): done only when the top-level status and
    /// every component are STATUS_READY; STATUS_ERROR at either level is failure.
    /// </summary>
    internal static class DcosStatusMapping
    {
        public static BackupStatus ToBackupStatus(string? status, IReadOnlyList<BackupItem> components)
        {
            if (status == DcosWire.StatusError || components.Any(c => c.Status == DcosWire.StatusError))
            {
                return BackupStatus.Failed;
            }

            switch (status)
            {
                case DcosWire.StatusReady:
                    // A component still catching up means the backup is not usable yet.
                    return components.All(c => c.Status == DcosWire.StatusReady) ? BackupStatus.Ready : BackupStatus.Creating;
                case DcosWire.StatusBackingUp:
                    return BackupStatus.Creating;
                case DcosWire.StatusRestoring:
                    return BackupStatus.Restoring;
                case DcosWire.StatusUnknown:
                    return BackupStatus.Pending;
                default:
                    return BackupStatus.Unknown;
            }
        }

        /// <summary>A restore entry; the seed tracks it by its components, so a missing top-level status is derived from them.</summary>
        public static JobStatus ToRestoreStatus(string? status, IReadOnlyList<BackupItem> components)
        {
            if (status == DcosWire.StatusError || components.Any(c => c.Status == DcosWire.StatusError))
            {
                return JobStatus.Failed;
            }

            var allReady = components.All(c => c.Status == DcosWire.StatusReady);
            var anyRestoring = components.Any(c => c.Status == DcosWire.StatusRestoring);
            switch (status)
            {
                case DcosWire.StatusReady:
                    return allReady ? JobStatus.Succeeded : JobStatus.Running;
                case DcosWire.StatusRestoring:
                    return JobStatus.Running;
                case null:
                case "":
                    if (components.Count == 0)
                    {
                        return JobStatus.Unknown;
                    }

                    return allReady ? JobStatus.Succeeded : anyRestoring ? JobStatus.Running : JobStatus.Pending;
                case DcosWire.StatusUnknown:
                    return anyRestoring ? JobStatus.Running : JobStatus.Pending;
                default:
                    return JobStatus.Unknown;
            }
        }

        public static IReadOnlyList<BackupItem> ToItems(Dictionary<string, Dictionary<string, JsonElement>>? components)
        {
            if (components is null)
            {
                return Array.Empty<BackupItem>();
            }

            return components
                .OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new BackupItem(c.Key, TextOf(c.Value, DcosWire.ComponentStatusKey), ErrorOf(c.Value)))
                .ToArray();
        }

        /// <summary>The error texts of failed components, "name: text", for the Error property and error records.</summary>
        public static string? ErrorOf(IReadOnlyList<BackupItem> items)
        {
            var failed = items.Where(i => i.Status == DcosWire.StatusError || i.Error is not null)
                .Select(i => i.Name + ": " + (i.Error ?? i.Status))
                .ToArray();
            return failed.Length == 0 ? null : string.Join("; ", failed);
        }

        private static string? ErrorOf(Dictionary<string, JsonElement> component)
        {
            // Which key carries the error text is not documented: take every key but "status".
            var texts = component
                .Where(p => p.Key != DcosWire.ComponentStatusKey)
                .Select(p => TextOf(component, p.Key))
                .Where(t => !string.IsNullOrEmpty(t))
                .ToArray();
            return texts.Length == 0 ? null : string.Join("; ", texts);
        }

        private static string? TextOf(Dictionary<string, JsonElement> component, string key)
        {
            if (!component.TryGetValue(key, out var value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        }
    }
}
