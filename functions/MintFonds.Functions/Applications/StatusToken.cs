using System.Security.Cryptography;
using System.Text;

namespace MintFonds.Functions.Applications;

/// <summary>
/// The applicant's key to the status page: 256 random bits. Only its SHA-256 is stored; comparison is constant-time.
/// For idempotent replays the token is kept sealed (AES-GCM) under a key derived from what the retrying client sends
/// again (its Idempotency-Key or its exact request body), so storage alone never reveals a usable token.
/// </summary>
public static class StatusToken
{
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string? token, string storedHash)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return storedHash.Length == 64 && CryptographicOperations.FixedTimeEquals(presented, Convert.FromHexString(storedHash));
    }

    public static string Seal(string token, ReadOnlySpan<byte> secretMaterial)
    {
        var plain = Encoding.UTF8.GetBytes(token);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(DeriveKey(secretMaterial), tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }

        return Convert.ToBase64String([.. nonce, .. cipher, .. tag]);
    }

    public static string? Unseal(string sealedToken, ReadOnlySpan<byte> secretMaterial)
    {
        var bytes = Convert.FromBase64String(sealedToken);
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        if (bytes.Length < nonceSize + tagSize)
        {
            return null;
        }

        var plain = new byte[bytes.Length - nonceSize - tagSize];
        try
        {
            using var aes = new AesGcm(DeriveKey(secretMaterial), tagSize);
            aes.Decrypt(bytes.AsSpan(0, nonceSize), bytes.AsSpan(nonceSize, plain.Length), bytes.AsSpan(nonceSize + plain.Length), plain);
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] DeriveKey(ReadOnlySpan<byte> secretMaterial) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secretMaterial.ToArray(), 32, info: "MintFonds status token seal v1"u8.ToArray());

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
