using System.Runtime.InteropServices;
using BackupModule.Emulator;

// Standalone emulator for trying the module (README.md), the demo and the Pester tests; see EmulatorCommandLine for the options.
if (EmulatorCommandLine.IsHelp(args))
{
    Console.WriteLine(EmulatorCommandLine.Usage);
    return 0;
}

EmulatorOptions options;
try
{
    options = EmulatorCommandLine.Parse(args);
    LoopbackGuard.ValidateUrls(options.Urls);
}
catch (Exception ex) when (ex is FormatException or ArgumentException)
{
    Console.Error.WriteLine("error: " + ex.Message);
    Console.Error.WriteLine(EmulatorCommandLine.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

EmulatorServer server;
try
{
    server = await EmulatorServer.StartAsync(options, stop.Token);
}
catch (Exception ex)
{
    Console.Error.WriteLine("error: the emulator could not start: " + ex.Message);
    return 1;
}

await using (server)
{
    // Scripts parse these lines; the token and the API key are shown only when they are the documented defaults.
    var token = server.Dcos.UsesDefaultToken ? DcosEmulatorOptions.DefaultToken : "(configured)";
    Console.WriteLine($"BackupModule emulator listening on {server.BaseUri.GetLeftPart(UriPartial.Authority)}");
    if (server.CertificateAuthorityPem is not null)
    {
        // Before the Zilliz Cloud and milvus-backup lines, the last ones scripts wait for.
        Console.WriteLine($"TLS CA certificate: {server.CertificateAuthorityPath ?? "(not written; pass --ca-certificate-out PATH)"}");
    }

    Console.WriteLine($"DC/OS backup API: {server.DcosBaseUri.AbsoluteUri.TrimEnd('/')}  token: {token}");
    var apiKey = server.Zilliz.UsesDefaultApiKey ? ZillizEmulatorOptions.DefaultApiKey : "(configured)";
    Console.WriteLine(
        $"Zilliz Cloud API: {server.BaseUri.GetLeftPart(UriPartial.Authority)}  API key: {apiKey}  "
        + $"project: {ZillizEmulatorOptions.DefaultProjectId}  cluster: {ZillizEmulatorOptions.DefaultClusterId}");

    // After the Zilliz Cloud line (scripts that know only the older banner stop there): the last one scripts wait for.
    // The server takes no credential.
    Console.WriteLine($"milvus-backup API: {server.MilvusBackupBaseUri.AbsoluteUri.TrimEnd('/')}  connect: {server.BaseUri.GetLeftPart(UriPartial.Authority)}  authentication: none");
    foreach (var extra in server.Addresses.Skip(1))
    {
        Console.WriteLine($"Also listening on {extra.GetLeftPart(UriPartial.Authority)}");
    }

    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C or SIGTERM: fall through to a clean stop.
    }
}

return 0;
