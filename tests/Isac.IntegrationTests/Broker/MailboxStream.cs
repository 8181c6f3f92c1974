using Grpc.Core;
using Isac.IntegrationTests.Hosting;
using Isac.V1;

namespace Isac.IntegrationTests.Broker;

/// <summary>An open <c>Subscribe</c> stream that a test reads item by item.</summary>
internal sealed class MailboxStream : IDisposable
{
    // A liveness bound for a loaded 2-core machine, not a timing assertion.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly AsyncServerStreamingCall<SubscribeResponse> _call;
    private readonly CancellationTokenSource _cancel = new();
    private Task<bool>? _pending;

    public MailboxStream(FederationClient client, ulong cursor)
    {
        _call = client.Broker.Subscribe(new SubscribeRequest { Cursor = cursor }, cancellationToken: _cancel.Token);
    }

    /// <summary>The next <paramref name="count"/> items; fails if they do not come.</summary>
    public async Task<List<SubscribeResponse>> ReadAsync(int count)
    {
        var items = new List<SubscribeResponse>(count);
        while (items.Count < count)
        {
            var next = _pending ?? _call.ResponseStream.MoveNext(_cancel.Token);
            _pending = null;
            if (!await next.WaitAsync(Patience))
            {
                throw new InvalidOperationException($"The stream ended after {items.Count} of {count} items.");
            }

            items.Add(_call.ResponseStream.Current);
        }

        return items;
    }

    /// <summary>True when nothing more arrives within <paramref name="quiet"/> (the read stays pending for later).</summary>
    public async Task<bool> IsQuietAsync(TimeSpan quiet)
    {
        _pending ??= _call.ResponseStream.MoveNext(_cancel.Token);
        return await Task.WhenAny(_pending, Task.Delay(quiet)) != _pending;
    }

    /// <summary>How the stream ends: the error the server closed it with.</summary>
    public async Task<RpcException> EndAsync()
    {
        try
        {
            while (await (_pending ?? _call.ResponseStream.MoveNext(_cancel.Token)).WaitAsync(Patience))
            {
                _pending = null;
            }
        }
        catch (RpcException ex)
        {
            return ex;
        }

        throw new InvalidOperationException("The stream ended without an error.");
    }

    public void Dispose()
    {
        _cancel.Cancel();
        _call.Dispose();
        _cancel.Dispose();
    }
}
