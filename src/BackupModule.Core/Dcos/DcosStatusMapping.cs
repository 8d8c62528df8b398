using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using BackupModule.Model;

namespace BackupModule.Dcos
{
    /// <summary>
    /// DC/OS states to the module's (docs/wire/backup-apis.md A.4, D.3): done only when the top-level status and
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

        /// <summary>A restore entry; the DC/OS docs track it by its components, so a missing top-level status is derived from them.</summary>
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

        public static IReadOnlyList<BackupItem> ToItems(Dictionary<string, Dictionary<string, string?>>? components)
        {
            if (components is null || components.Count == 0)
            {
                return Array.Empty<BackupItem>();
            }

            // Plain loops: this runs for every backup of a list.
            var items = new BackupItem[components.Count];
            var i = 0;
            foreach (var component in components)
            {
                component.Value.TryGetValue(DcosWire.ComponentStatusKey, out var status);
                items[i++] = new BackupItem(component.Key, status, ErrorOf(component.Value));
            }

            if (items.Length > 1)
            {
                Array.Sort(items, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            }

            return items;
        }

        /// <summary>The error texts of failed components, "name: text", for the Error property and error records.</summary>
        public static string? ErrorOf(IReadOnlyList<BackupItem> items)
        {
            List<string>? failed = null;
            foreach (var item in items)
            {
                if (item.Status == DcosWire.StatusError || item.Error is not null)
                {
                    (failed ??= new List<string>()).Add(item.Name + ": " + (item.Error ?? item.Status));
                }
            }

            return failed is null ? null : string.Join("; ", failed);
        }

        private static string? ErrorOf(Dictionary<string, string?> component)
        {
            // Which key carries the error text is not documented: take every key but "status".
            List<string>? texts = null;
            foreach (var pair in component)
            {
                if (pair.Key != DcosWire.ComponentStatusKey && !string.IsNullOrEmpty(pair.Value))
                {
                    (texts ??= new List<string>()).Add(pair.Value!);
                }
            }

            return texts is null ? null : string.Join("; ", texts);
        }
    }
}
