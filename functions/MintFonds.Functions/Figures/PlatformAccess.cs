using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Figures;

/// <summary>
/// The gate of the state-wide figures: a valid Entra token (401 otherwise) with the platform administrator or the
/// platform observer app role (<see cref="AuthSettings.PlatformObserverRole"/>, the state's MINT office); 403 otherwise.
/// Refusals are audited like every admin refusal (<see cref="RefusalAudit"/>).
/// </summary>
public sealed class PlatformAccess(AccessTokenValidator validator, RefusalAudit refusals, IOptions<AuthSettings> settings)
{
    public async Task<AdminPrincipal> RequireObserverAsync(HttpRequest request, string action, CancellationToken cancellationToken)
    {
        var check = await validator.ValidateAsync(request.Headers.Authorization.ToString(), cancellationToken);
        if (check.Principal is not { } principal)
        {
            await refusals.RefuseAnonymousAsync(request, null, action, $"token:{check.Refusal}", cancellationToken);
            throw new ProblemException(Problems.Unauthorized("Bitte mit einem Konto anmelden, das die landesweiten Zahlen lesen darf (Authorization: Bearer …)."));
        }

        if (principal.IsPlatformAdmin || principal.AppRoles.Contains(settings.Value.PlatformObserverRole, StringComparer.Ordinal))
        {
            return principal;
        }

        await refusals.RefuseAsync(request, null, action, principal.ObjectId, "role:platform-observer-required", cancellationToken);
        throw new ProblemException(Problems.Forbidden("Die landesweiten Zahlen lesen nur die Plattform-Administration und die MINT-Geschäftsstelle des Landes."));
    }
}
