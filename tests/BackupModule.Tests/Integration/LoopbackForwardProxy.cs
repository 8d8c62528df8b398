#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

// Plain C# (explicit usings, no test-framework types) so that Pester can load the same file with Add-Type.
namespace BackupModule.Tests.Integration
{
    /// <summary>
    /// A small forward proxy on 127.0.0.1:0 for proxy tests: absolute-form http requests are forwarded (one per
    /// client connection), CONNECT is tunnelled, each request is counted, and with <see cref="RequiredCredential"/>
    /// set a request without the matching Proxy-Authorization (Basic) gets a 407. Bounded: at most 32 clients at
    /// once, each connection given up after 30 s; forwards only to loopback.
    /// </summary>
    public sealed class LoopbackForwardProxy : IDisposable
    {
        private const int MaxClients = 32;
        private static readonly TimeSpan ConnectionLimit = TimeSpan.FromSeconds(30);

        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly SemaphoreSlim _clients = new SemaphoreSlim(MaxClients);
        private readonly object _gate = new object();
        private readonly List<string> _requests = new List<string>();
        private readonly Task _accepting;

        public LoopbackForwardProxy(NetworkCredential? requiredCredential = null)
        {
            RequiredCredential = requiredCredential;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Uri = new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");
            _accepting = AcceptAsync();
        }

        public Uri Uri { get; }

        public NetworkCredential? RequiredCredential { get; }

        /// <summary>"CONNECT 127.0.0.1:5443 200", "GET http://127.0.0.1:5080/... 407", … in arrival order.</summary>
        public IReadOnlyList<string> Requests
        {
            get
            {
                lock (_gate)
                {
                    return _requests.ToArray();
                }
            }
        }

        /// <summary>Requests the proxy let through (not answered with 407).</summary>
        public int Forwarded => Requests.Count(r => !r.EndsWith(" 407", StringComparison.Ordinal));

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                _accepting.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The accept loop ends with the listener.
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException || ex is InvalidOperationException)
                {
                    return;
                }

                if (!await _clients.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false))
                {
                    client.Dispose();
                    continue;
                }

                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            limit.CancelAfter(ConnectionLimit);
            try
            {
                using (client)
                {
                    var stream = client.GetStream();
                    var head = await ReadHeadAsync(stream, limit.Token).ConfigureAwait(false);
                    if (head is null)
                    {
                        return;
                    }

                    var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
                    var parts = lines[0].Split(' ');
                    if (parts.Length != 3)
                    {
                        return;
                    }

                    var method = parts[0];
                    var target = parts[1];
                    if (!Authorized(lines))
                    {
                        Record(method + " " + target + " 407");
                        await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test proxy\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", limit.Token).ConfigureAwait(false);
                        return;
                    }

                    if (method == "CONNECT")
                    {
                        await TunnelAsync(stream, target, limit.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        await ForwardAsync(stream, method, target, lines, limit.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
            {
                // A client or server that went away ends its connection only.
            }
            finally
            {
                _clients.Release();
            }
        }

        private bool Authorized(string[] lines)
        {
            if (RequiredCredential is null)
            {
                return true;
            }

            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(RequiredCredential.UserName + ":" + RequiredCredential.Password));
            return lines.Any(l => l.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase) && l.Substring("Proxy-Authorization:".Length).Trim() == expected);
        }

        private async Task TunnelAsync(NetworkStream client, string authority, CancellationToken cancellationToken)
        {
            using var server = await ConnectLoopbackAsync(new Uri("tcp://" + authority), cancellationToken).ConfigureAwait(false);
            Record("CONNECT " + authority + " 200");
            await WriteAsync(client, "HTTP/1.1 200 Connection Established\r\n\r\n", cancellationToken).ConfigureAwait(false);
            var upstream = server.GetStream();
            // Either side closing ends the tunnel.
            await Task.WhenAny(client.CopyToAsync(upstream, 81920, cancellationToken), upstream.CopyToAsync(client, 81920, cancellationToken)).ConfigureAwait(false);
        }

        private async Task ForwardAsync(NetworkStream client, string method, string target, string[] lines, CancellationToken cancellationToken)
        {
            var uri = new Uri(target);
            using var server = await ConnectLoopbackAsync(uri, cancellationToken).ConfigureAwait(false);
            Record(method + " " + target + " 200");
            var head = new StringBuilder();
            head.Append(method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var name = line.Split(':')[0].Trim();
                if (!name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
                    && !name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
                    && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    head.Append(line).Append("\r\n");
                }
            }

            // One request per connection: the server closes after its answer, which ends the copy back.
            head.Append("Connection: close\r\n\r\n");
            var upstream = server.GetStream();
            await WriteAsync(upstream, head.ToString(), cancellationToken).ConfigureAwait(false);
            // The request body (if any) flows on while the answer is copied back; ending the connection ends it.
            _ = client.CopyToAsync(upstream, 81920, cancellationToken);
            await upstream.CopyToAsync(client, 81920, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<TcpClient> ConnectLoopbackAsync(Uri target, CancellationToken cancellationToken)
        {
            if (!IPAddress.TryParse(target.Host.Trim('[', ']'), out var address) || !IPAddress.IsLoopback(address))
            {
                throw new IOException("The test proxy forwards to loopback addresses only, not " + target.Host + ".");
            }

            var server = new TcpClient(address.AddressFamily);
            try
            {
                using (cancellationToken.Register(server.Dispose))
                {
                    await server.ConnectAsync(address, target.Port).ConfigureAwait(false);
                }

                return server;
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }

        /// <summary>The request line and headers, byte by byte up to the blank line (so no body byte is taken); null at end of stream.</summary>
        private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
        {
            var bytes = new List<byte>(1024);
            var one = new byte[1];
            while (bytes.Count < 64 * 1024)
            {
                if (await stream.ReadAsync(one, 0, 1, cancellationToken).ConfigureAwait(false) == 0)
                {
                    return null;
                }

                bytes.Add(one[0]);
                var n = bytes.Count;
                if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')
                {
                    return Encoding.ASCII.GetString(bytes.ToArray(), 0, n - 4);
                }
            }

            throw new IOException("The request head is longer than 64 KiB.");
        }

        private static Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            return stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken);
        }

        private void Record(string request)
        {
            lock (_gate)
            {
                _requests.Add(request);
            }
        }
    }
}
