using System.Globalization;
using System.Text.RegularExpressions;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Abuse.AbuseTestKit;

namespace MintFonds.Functions.Tests.Abuse;

/// <summary>
/// Sub-point 4: the optional, self-hosted proof of work. Off by default; when on, the challenge route names the
/// difficulty, and a submission needs a nonce with that many leading zero bits of SHA-256(challenge + nonce), once per
/// challenge. The JavaScript solver documented for the web forms finds nonces the API accepts.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class ProofOfWorkTests(SharedFixture shared)
{
    private const int Bits = 10;

    [Fact]
    public async Task Proof_of_work_is_off_by_default()
    {
        await using var app = await StartAsync(shared, hour: 60);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var challenge = await ChallengeAsync(app, fundId);

        Assert.Equal(0, challenge.Difficulty);
        app.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(201, (await SubmitAsync(app, fundId, Application(1), headers: Headers(challenge.Value))).Status);
    }

    [Fact]
    public async Task With_proof_of_work_on_a_submission_needs_a_solved_nonce_once_per_challenge()
    {
        await using var app = await StartAsync(shared, hour: 61, ("ProofOfWorkEnabled", "true"), ("ProofOfWorkBits", Bits.ToString(CultureInfo.InvariantCulture)));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);
        var challenge = await ChallengeAsync(app, fundId);
        Assert.Equal(Bits, challenge.Difficulty);
        app.Time.Advance(TimeSpan.FromSeconds(10));
        var solved = Solve(challenge.Value, Bits);
        var unsolved = Enumerable.Range(0, 1000).Select(n => n.ToString(CultureInfo.InvariantCulture))
            .First(n => FormChallenges.LeadingZeroBits(challenge.Value, n) < Bits);

        var missing = await SubmitAsync(app, fundId, Application(1), headers: Headers(challenge.Value));
        var wrong = await SubmitAsync(app, fundId, Application(1), headers: Headers(challenge.Value, unsolved));
        var malformed = await SubmitAsync(app, fundId, Application(1), headers: Headers(challenge.Value, solved + " ü"));
        var accepted = await SubmitAsync(app, fundId, Application(1), headers: Headers(challenge.Value, solved));
        var reused = await SubmitAsync(app, fundId, Application(2), headers: Headers(challenge.Value, solved));

        foreach (var refused in new[] { missing, wrong, malformed })
        {
            Assert.Equal(400, refused.Status);
            Assert.Equal("urn:mintfonds:problem:form-challenge", refused.Json.GetProperty("type").GetString());
            Assert.Equal([FormChallenges.ProofHeader], refused.ProblemFields);
        }

        Assert.Equal(201, accepted.Status);
        Assert.Equal(409, reused.Status);

        // A proof is needed even where the challenge itself is not required: it is made for one.
        Assert.Equal(400, (await SubmitAsync(app, fundId, Application(3), headers: new Dictionary<string, string>())).Status);
    }

    [Fact]
    public async Task The_documented_JavaScript_solver_finds_a_nonce_the_API_accepts()
    {
        await using var app = await StartAsync(shared, hour: 62, ("ProofOfWorkEnabled", "true"), ("ProofOfWorkBits", Bits.ToString(CultureInfo.InvariantCulture)));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);
        var challenge = await ChallengeAsync(app, fundId);
        app.Time.Advance(TimeSpan.FromSeconds(10));

        var docs = await File.ReadAllTextAsync(RepoPaths.Combine("docs", "proof-of-work.md"));
        var solver = JsBlock().Match(docs).Groups[1].Value;
        Assert.Contains("export async function solveChallenge", solver, StringComparison.Ordinal);
        var directory = Directory.CreateTempSubdirectory("mintfonds-pow-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "solver.mjs"), solver);
            await File.WriteAllTextAsync(
                Path.Combine(directory.FullName, "run.mjs"),
                "import { solveChallenge } from './solver.mjs';\nconsole.log(await solveChallenge(process.argv[2], Number(process.argv[3])));\n");
            var run = await ExternalTool.RunAsync(
                "node", [Path.Combine(directory.FullName, "run.mjs"), challenge.Value, Bits.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(1));
            Assert.True(run.ExitCode == 0, run.ToString());
            var nonce = run.StandardOutput.Trim();

            Assert.True(FormChallenges.LeadingZeroBits(challenge.Value, nonce) >= Bits);
            Assert.Equal(201, (await SubmitAsync(app, fundId, Application(1), headers: Headers(challenge.Value, nonce))).Status);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private sealed record Challenge(string Value, int Difficulty);

    private static async Task<Challenge> ChallengeAsync(TestApp app, string fundId)
    {
        var response = await app.CallAsync<FormChallengeFunctions>(
            "GET", $"/api/funds/{fundId}/challenge", (f, r) => f.GetFormChallenge(r, fundId, CancellationToken.None));
        Assert.Equal(200, response.Status);
        return new Challenge(response.Json.GetProperty("challenge").GetString()!, response.Json.GetProperty("difficulty").GetInt32());
    }

    private static string Solve(string challenge, int bits) =>
        Enumerable.Range(0, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture)).First(n => FormChallenges.LeadingZeroBits(challenge, n) >= bits);

    private static Dictionary<string, string> Headers(string challenge, string? nonce = null)
    {
        var headers = new Dictionary<string, string> { [FormChallenges.ChallengeHeader] = challenge };
        if (nonce is not null)
        {
            headers[FormChallenges.ProofHeader] = nonce;
        }

        return headers;
    }

    [GeneratedRegex("```js\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsBlock();
}
