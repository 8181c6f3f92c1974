using Isac.Core.Crypto;

namespace Isac.Core.Tests.Crypto;

/// <summary>
/// RFC 9180 Appendix A test vectors, base mode. A.2 (our suite: X25519, HKDF-SHA256, ChaCha20-Poly1305) in full;
/// A.1 (same KEM, AES-128-GCM) for its KEM outputs, which do not depend on the AEAD.
/// </summary>
public sealed class HpkeVectorTests
{
    private static readonly byte[] Info = Hex("4f6465206f6e2061204772656369616e2055726e");

    private static class A2
    {
        public static readonly byte[] IkmE = Hex("909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b");
        public static readonly byte[] PkEm = Hex("1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a");
        public static readonly byte[] SkEm = Hex("f4ec9b33b792c372c1d2c2063507b684ef925b8c75a42dbcbf57d63ccd381600");
        public static readonly byte[] IkmR = Hex("1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df");
        public static readonly byte[] PkRm = Hex("4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a");
        public static readonly byte[] SkRm = Hex("8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb");
        public static readonly byte[] Enc = Hex("1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a");
        public static readonly byte[] SharedSecret = Hex("0bbe78490412b4bbea4812666f7916932b828bba79942424abb65244930d69a7");
        public static readonly byte[] KeyScheduleContext = Hex(
            "00431df6cd95e11ff49d7013563baf7f11588c75a6611e"
            + "e2a4404a49306ae4cfc5b69c5718a60cc5876c358d3f7fc31ddb598503f67be58ea1"
            + "e798c0bb19eb9796");
        public static readonly byte[] Secret = Hex("5b9cd775e64b437a2335cf499361b2e0d5e444d5cb41a8a53336d8fe402282c6");
        public static readonly byte[] Key = Hex("ad2744de8e17f4ebba575b3f5f5a8fa1f69c2a07f6e7500bc60ca6e3e3ec1c91");
        public static readonly byte[] BaseNonce = Hex("5c4d98150661b848853b547f");
        public static readonly byte[] ExporterSecret = Hex("a3b010d4994890e2c6968a36f64470d3c824c8f5029942feb11e7a74b2921922");
        public static readonly byte[] Plaintext = Hex("4265617574792069732074727574682c20747275746820626561757479");

        // sequence number, aad, nonce, ct
        public static readonly (ulong Sequence, string Aad, string Nonce, string Ciphertext)[] Encryptions =
        [
            (0, "436f756e742d30", "5c4d98150661b848853b547f",
                "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db" + "21993c62ce81883d2dd1b51a28"),
            (1, "436f756e742d31", "5c4d98150661b848853b547e",
                "6b53c051e4199c518de79594e1c4ab18b96f081549d45ce015be002090bb119e" + "85285337cc95ba5f59992dc98c"),
            (2, "436f756e742d32", "5c4d98150661b848853b547d",
                "71146bd6795ccc9c49ce25dda112a48f202ad220559502cef1f34271e0cb4b02" + "b4f10ecac6f48c32f878fae86b"),
            (4, "436f756e742d34", "5c4d98150661b848853b547b",
                "63357a2aa291f5a4e5f27db6baa2af8cf77427c7c1a909e0b37214dd47db122b" + "b153495ff0b02e9e54a50dbe16"),
            (255, "436f756e742d323535", "5c4d98150661b848853b5480",
                "18ab939d63ddec9f6ac2b60d61d36a7375d2070c9b683861110757062c52b888" + "0a5f6b3936da9cd6c23ef2a95c"),
            (256, "436f756e742d323536", "5c4d98150661b848853b557f",
                "7a4a13e9ef23978e2c520fd4d2e757514ae160cd0cd05e556ef692370ca53076" + "214c0c40d4c728d6ed9e727a5b"),
        ];
    }

    private static class A1
    {
        public static readonly byte[] IkmE = Hex("7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234");
        public static readonly byte[] PkEm = Hex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
        public static readonly byte[] SkEm = Hex("52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736");
        public static readonly byte[] IkmR = Hex("6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037");
        public static readonly byte[] PkRm = Hex("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d");
        public static readonly byte[] SkRm = Hex("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8");
        public static readonly byte[] Enc = Hex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
        public static readonly byte[] SharedSecret = Hex("fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc");
    }

    // The KEM vectors of both X25519 suites, by appendix name.
    private static readonly Dictionary<string, (byte[] IkmE, byte[] PkEm, byte[] SkEm, byte[] IkmR, byte[] PkRm, byte[] SkRm, byte[] Enc, byte[] SharedSecret)> Kem = new()
    {
        ["A.1"] = (A1.IkmE, A1.PkEm, A1.SkEm, A1.IkmR, A1.PkRm, A1.SkRm, A1.Enc, A1.SharedSecret),
        ["A.2"] = (A2.IkmE, A2.PkEm, A2.SkEm, A2.IkmR, A2.PkRm, A2.SkRm, A2.Enc, A2.SharedSecret),
    };

    [Fact]
    public void SuiteId_IsHpkeX25519HkdfSha256ChaCha20Poly1305()
    {
        Assert.Equal("48504b45" + "0020" + "0001" + "0003", Convert.ToHexStringLower(Hpke.SuiteId));
    }

    [Theory]
    [InlineData("A.1")]
    [InlineData("A.2")]
    public void DeriveKeyPair_FromIkm_GivesVectorKeyPairs(string suite)
    {
        var v = Kem[suite];

        var (skE, pkE) = Hpke.DeriveKeyPair(v.IkmE);
        var (skR, pkR) = Hpke.DeriveKeyPair(v.IkmR);

        Assert.Equal(v.SkEm, skE);
        Assert.Equal(v.PkEm, pkE);
        Assert.Equal(v.SkRm, skR);
        Assert.Equal(v.PkRm, pkR);
    }

    [Theory]
    [InlineData("A.1")]
    [InlineData("A.2")]
    public void PublicKeys_FromVectorPrivateKeys_MatchVector(string suite)
    {
        var v = Kem[suite];

        Assert.Equal(v.PkEm, EncryptionKeyPair.FromPrivateKey(v.SkEm).PublicKey);
        Assert.Equal(v.PkRm, EncryptionKeyPair.FromPrivateKey(v.SkRm).PublicKey);
    }

    [Theory]
    [InlineData("A.1")]
    [InlineData("A.2")]
    public void Encap_WithVectorEphemeralKey_GivesEncAndSharedSecret(string suite)
    {
        var v = Kem[suite];

        var sharedSecret = Hpke.Encap(v.PkRm, v.SkEm, out var enc);

        Assert.Equal(v.Enc, enc);
        Assert.Equal(v.SharedSecret, sharedSecret);
    }

    [Theory]
    [InlineData("A.1")]
    [InlineData("A.2")]
    public void Decap_OfVectorEnc_GivesSharedSecret(string suite)
    {
        var v = Kem[suite];

        Assert.Equal(v.SharedSecret, Hpke.Decap(v.Enc, v.SkRm));
    }

    [Fact]
    public void KeyScheduleContextAndSecret_MatchA2()
    {
        Assert.Equal(A2.KeyScheduleContext, Hpke.KeyScheduleContext(Info));
        Assert.Equal(A2.Secret, Hpke.KeyScheduleSecret(A2.SharedSecret));
    }

    [Fact]
    public void SetupBaseS_WithVectorEphemeralKey_GivesA2EncAndKeySchedule()
    {
        using var sender = Hpke.SetupBaseS(A2.PkRm, Info, A2.SkEm, out var enc);

        Assert.Equal(A2.Enc, enc);
        Assert.Equal(A2.Key, sender.Key.ToArray());
        Assert.Equal(A2.BaseNonce, sender.BaseNonce.ToArray());
        Assert.Equal(A2.ExporterSecret, sender.ExporterSecret.ToArray());
    }

    [Fact]
    public void SetupBaseR_OfVectorEnc_GivesA2KeySchedule()
    {
        using var receiver = Hpke.SetupBaseR(A2.Enc, A2.SkRm, Info);

        Assert.Equal(A2.Key, receiver.Key.ToArray());
        Assert.Equal(A2.BaseNonce, receiver.BaseNonce.ToArray());
        Assert.Equal(A2.ExporterSecret, receiver.ExporterSecret.ToArray());
    }

    [Theory]
    [InlineData(0UL, "5c4d98150661b848853b547f")]
    [InlineData(1UL, "5c4d98150661b848853b547e")]
    [InlineData(2UL, "5c4d98150661b848853b547d")]
    [InlineData(4UL, "5c4d98150661b848853b547b")]
    [InlineData(255UL, "5c4d98150661b848853b5480")]
    [InlineData(256UL, "5c4d98150661b848853b557f")]
    public void ComputeNonce_ForVectorSequenceNumber_GivesA2Nonce(ulong sequenceNumber, string expectedNonce)
    {
        var nonce = new byte[Hpke.NonceLength];

        HpkeContext.ComputeNonce(A2.BaseNonce, sequenceNumber, nonce);

        Assert.Equal(expectedNonce, Convert.ToHexStringLower(nonce));
    }

    [Fact]
    public void SingleShotSeal_WithVectorEphemeralKey_GivesA2EncAndFirstCiphertext()
    {
        var first = A2.Encryptions[0];

        var ciphertext = Hpke.SealWithEphemeralKey(A2.PkRm, Info, Hex(first.Aad), A2.Plaintext, A2.SkEm, out var enc);

        Assert.Equal(A2.Enc, enc);
        Assert.Equal(first.Ciphertext, Convert.ToHexStringLower(ciphertext));
    }

    [Fact]
    public void Seal_InSequence_GivesEveryA2Ciphertext()
    {
        using var sender = Hpke.SetupBaseS(A2.PkRm, Info, A2.SkEm, out _);
        var expected = A2.Encryptions.ToDictionary(e => e.Sequence);
        var checkedCount = 0;

        // The vectors seal messages 0..256 in order on one context; only some are listed.
        for (ulong sequence = 0; sequence <= 256; sequence++)
        {
            Assert.Equal(sequence, sender.SequenceNumber);
            if (expected.TryGetValue(sequence, out var e))
            {
                var nonce = new byte[Hpke.NonceLength];
                HpkeContext.ComputeNonce(sender.BaseNonce, sequence, nonce);
                Assert.Equal(e.Nonce, Convert.ToHexStringLower(nonce));
                Assert.Equal(e.Ciphertext, Convert.ToHexStringLower(sender.Seal(Hex(e.Aad), A2.Plaintext)));
                checkedCount++;
            }
            else
            {
                sender.Seal([], A2.Plaintext);
            }
        }

        Assert.Equal(A2.Encryptions.Length, checkedCount);
    }

    [Fact]
    public void Open_InSequence_RecoversEveryA2Plaintext()
    {
        using var receiver = Hpke.SetupBaseR(A2.Enc, A2.SkRm, Info);
        // Unlisted sequence numbers still have to be consumed; the sender supplies those messages.
        using var sender = Hpke.SetupBaseS(A2.PkRm, Info, A2.SkEm, out _);
        var expected = A2.Encryptions.ToDictionary(e => e.Sequence);
        var checkedCount = 0;

        for (ulong sequence = 0; sequence <= 256; sequence++)
        {
            if (expected.TryGetValue(sequence, out var e))
            {
                sender.Seal(Hex(e.Aad), A2.Plaintext);
                Assert.Equal(A2.Plaintext, receiver.Open(Hex(e.Aad), Hex(e.Ciphertext)));
                checkedCount++;
            }
            else
            {
                Assert.Equal(A2.Plaintext, receiver.Open([], sender.Seal([], A2.Plaintext)));
            }
        }

        Assert.Equal(A2.Encryptions.Length, checkedCount);
        Assert.Equal(257UL, receiver.SequenceNumber);
    }

    [Theory]
    [InlineData("", 32, "4bbd6243b8bb54cec311fac9df81841b6fd61f56538a775e7c80a9f40160606e")]
    [InlineData("00", 32, "8c1df14732580e5501b00f82b10a1647b40713191b7c1240ac80e2b68808ba69")]
    [InlineData("54657374436f6e74657874", 32, "5acb09211139c43b3090489a9da433e8a30ee7188ba8b0a9a1ccf0c229283e53")]
    public void Export_GivesA2ExportedValue_OnBothSides(string exporterContext, int length, string exportedValue)
    {
        using var sender = Hpke.SetupBaseS(A2.PkRm, Info, A2.SkEm, out _);
        using var receiver = Hpke.SetupBaseR(A2.Enc, A2.SkRm, Info);

        Assert.Equal(exportedValue, Convert.ToHexStringLower(sender.Export(Hex(exporterContext), length)));
        Assert.Equal(exportedValue, Convert.ToHexStringLower(receiver.Export(Hex(exporterContext), length)));
    }

    [Fact]
    public void SingleShotOpen_OfA2FirstEncryption_GivesPlaintext()
    {
        var first = A2.Encryptions[0];

        var plaintext = Hpke.Open(A2.SkRm, A2.Enc, Info, Hex(first.Aad), Hex(first.Ciphertext));

        Assert.Equal(A2.Plaintext, plaintext);
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
