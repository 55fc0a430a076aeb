using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MintFonds.Functions.Abuse;

/// <summary>
/// What a submission taken for a bot is answered with: the answer a person would get (201, the same shape, a
/// plausible reference), while nothing is stored, queued or sent. Why not a refusal: a bot that learns it was caught
/// adapts; a decoy teaches it nothing. Why this is safe: the reference's sequence has seven digits, a range real
/// references (four digits, gapless from 0001 per fund and year) do not reach, so a decoy never names a real
/// application or pledge, and the office recognises one at sight should a person ever quote it; the status route
/// answers it with 404 as for every unknown reference, and no confirmation e-mail arrives. The number comes from a hash
/// of the body, so the same post gets the same decoy, as a double click would.
/// </summary>
public static class Decoy
{
    public const long FirstSequence = 1_000_000;

    public static long Sequence(byte[] body) =>
        FirstSequence + (BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(body)) % 9_000_000);
}
