using System.Security.Cryptography;
using Google.Protobuf;
using Isac.Core.Envelope;

namespace Isac.Core.Tests.Envelope;

public sealed class MerkleTreeTests
{
    [Fact]
    public void LeafAndNodeHashes_UseRfc6962DomainSeparation()
    {
        var entry = "entry"u8.ToArray();
        Assert.Equal(SHA256.HashData([0x00, .. entry]), MerkleTree.LeafHash(entry));

        var left = new byte[32];
        var right = Enumerable.Repeat((byte)0xff, 32).ToArray();
        Assert.Equal(SHA256.HashData([0x01, .. left, .. right]), MerkleTree.NodeHash(left, right));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(70)]
    public void RootAndProofs_MatchTheRecursiveRfc6962Definition(int size)
    {
        var entries = Entries(size);
        var tree = new MerkleTree(entries.Select(e => (ReadOnlyMemory<byte>)e).ToArray());

        Assert.Equal(ReferenceRoot(entries), tree.Root);
        for (var m = 0; m < size; m++)
        {
            var proof = tree.ProofFor(m);
            Assert.Equal(ReferencePath(m, entries), proof.Path.Select(p => p.ToByteArray()).ToList());
            Assert.True(MerkleTree.VerifyProof(entries[m], proof, tree.Root, (ulong)size));
        }
    }

    [Fact]
    public void Proof_ForAnotherEntry_DoesNotVerify()
    {
        var entries = Entries(9);
        var tree = new MerkleTree(entries.Select(e => (ReadOnlyMemory<byte>)e).ToArray());

        for (var m = 0; m < entries.Count; m++)
        {
            var other = (m + 1) % entries.Count;
            Assert.False(MerkleTree.VerifyProof(entries[other], tree.ProofFor(m), tree.Root, 9));
        }
    }

    [Fact]
    public void Proof_WithWrongTreeSizeOrIndex_DoesNotVerify()
    {
        var entries = Entries(6);
        var tree = new MerkleTree(entries.Select(e => (ReadOnlyMemory<byte>)e).ToArray());
        var proof = tree.ProofFor(4);

        Assert.False(MerkleTree.VerifyProof(entries[4], proof, tree.Root, 7));
        var moved = proof.Clone();
        moved.LeafIndex = 5;
        Assert.False(MerkleTree.VerifyProof(entries[4], moved, tree.Root, 6));
        var truncated = proof.Clone();
        truncated.Path.RemoveAt(truncated.Path.Count - 1);
        Assert.False(MerkleTree.VerifyProof(entries[4], truncated, tree.Root, 6));
        var extended = proof.Clone();
        extended.Path.Add(ByteString.CopyFrom(new byte[32]));
        Assert.False(MerkleTree.VerifyProof(entries[4], extended, tree.Root, 6));
    }

    private static List<byte[]> Entries(int count)
        => Enumerable.Range(0, count).Select(i => BitConverter.GetBytes(i * 7919)).ToList();

    // RFC 6962 section 2.1, written as the RFC states it, to check the level-by-level implementation.
    private static byte[] ReferenceRoot(List<byte[]> d)
    {
        if (d.Count == 1)
        {
            return SHA256.HashData([0x00, .. d[0]]);
        }

        var k = LargestPowerOfTwoBelow(d.Count);
        return SHA256.HashData([0x01, .. ReferenceRoot(d.Take(k).ToList()), .. ReferenceRoot(d.Skip(k).ToList())]);
    }

    private static List<byte[]> ReferencePath(int m, List<byte[]> d)
    {
        if (d.Count == 1)
        {
            return [];
        }

        var k = LargestPowerOfTwoBelow(d.Count);
        if (m < k)
        {
            return [.. ReferencePath(m, d.Take(k).ToList()), ReferenceRoot(d.Skip(k).ToList())];
        }

        return [.. ReferencePath(m - k, d.Skip(k).ToList()), ReferenceRoot(d.Take(k).ToList())];
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}
