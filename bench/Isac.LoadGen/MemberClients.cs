using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Isac.Core.Tokens;

namespace Isac.LoadGen;

/// <summary>One mTLS channel per member (its own hub-CA client certificate and access tokens), made on first use.</summary>
internal sealed class MemberClients(LoadFederation federation, Uri address) : IDisposable
{
    private readonly Dictionary<string, (X509Certificate2 Certificate, MemberTokenClient Tokens, GrpcChannel Channel)> _channels = new(StringComparer.Ordinal);
    private readonly Isac.Core.Pki.HubTrust _trust = federation.Trust;

    public GrpcChannel Channel(string memberId)
    {
        lock (_channels)
        {
            if (!_channels.TryGetValue(memberId, out var entry))
            {
                var certificate = federation.IssueClientCertificate(memberId);
                var tokens = federation.Tokens(memberId, certificate);
                entry = (certificate, tokens, BrokerChannel.Create(address, _trust, certificate, tokens));
                _channels[memberId] = entry;
            }

            return entry.Channel;
        }
    }

    public V1.Broker.BrokerClient Broker(string memberId) => new(Channel(memberId));

    public void Dispose()
    {
        lock (_channels)
        {
            foreach (var (certificate, tokens, channel) in _channels.Values)
            {
                channel.Dispose();
                tokens.Dispose();
                certificate.Dispose();
            }

            _channels.Clear();
        }
    }
}
