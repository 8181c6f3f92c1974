using System.Security.Cryptography;
using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>
/// The RFC 6962 (RFC 9162 section 2.1) Merkle tree over recipient entries: leaf = SHA-256(0x00 || entry bytes),
/// node = SHA-256(0x01 || left || right), where the left subtree of n leaves holds the largest power of two
/// below n. Built bottom-up level by level (an unpaired last node moves up unchanged, which gives the same
/// tree), so the root and every audit path of a 10,000-entry bundle cost O(n) hashes in all.
/// </summary>
public sealed class MerkleTree
{
    private readonly List<byte[][]> _levels;

    /// <summary>Builds the tree over the exact bytes of the entries, in order.</summary>
    public MerkleTree(IReadOnlyList<ReadOnlyMemory<byte>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("A Merkle tree needs at least one entry.", nameof(entries));
        }

        var level = new byte[entries.Count][];
        for (var i = 0; i < entries.Count; i++)
        {
            level[i] = LeafHash(entries[i].Span);
        }

        _levels = [level];
        while (level.Length > 1)
        {
            var next = new byte[(level.Length + 1) / 2][];
            for (var i = 0; i < level.Length / 2; i++)
            {
                next[i] = NodeHash(level[2 * i], level[(2 * i) + 1]);
            }

            if (level.Length % 2 == 1)
            {
                next[^1] = level[^1];
            }

            _levels.Add(next);
            level = next;
        }
    }

    /// <summary>The number of leaves.</summary>
    public int Size => _levels[0].Length;

    /// <summary>The 32-byte root hash.</summary>
    public byte[] Root => _levels[^1][0];

    /// <summary>SHA-256(0x00 || entry).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> entry)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([0x00]);
        hash.AppendData(entry);
        return hash.GetHashAndReset();
    }

    /// <summary>SHA-256(0x01 || left || right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * SHA256.HashSizeInBytes)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + SHA256.HashSizeInBytes)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The RFC 6962 audit path of leaf <paramref name="index"/>: sibling hashes bottom-up.</summary>
    public MerkleProof ProofFor(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        var proof = new MerkleProof { LeafIndex = (ulong)index, TreeSize = (ulong)Size };
        var position = index;
        for (var depth = 0; depth < _levels.Count - 1; depth++)
        {
            var level = _levels[depth];
            var sibling = position ^ 1;
            if (sibling < level.Length)
            {
                proof.Path.Add(Google.Protobuf.ByteString.CopyFrom(level[sibling]));
            }

            position /= 2;
        }

        return proof;
    }

    /// <summary>
    /// Verifies an audit path (RFC 9162 section 2.1.3.2): true only if <paramref name="entry"/> is leaf
    /// <c>proof.LeafIndex</c> of a tree of <c>proof.TreeSize</c> leaves whose root is <paramref name="root"/>.
    /// </summary>
    public static bool VerifyProof(ReadOnlySpan<byte> entry, MerkleProof proof, ReadOnlySpan<byte> root, ulong expectedTreeSize)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (proof.TreeSize != expectedTreeSize || proof.TreeSize == 0 || proof.LeafIndex >= proof.TreeSize
            || root.Length != SHA256.HashSizeInBytes || proof.Path.Count > 64)
        {
            return false;
        }

        var fn = proof.LeafIndex;
        var sn = proof.TreeSize - 1;
        var r = LeafHash(entry);
        foreach (var p in proof.Path)
        {
            if (sn == 0 || p.Length != SHA256.HashSizeInBytes)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p.Span, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = NodeHash(r, p.Span);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }
}
