using Microsoft.AspNetCore.Http;
using MintFonds.Core.Access;
using MintFonds.Core.Validation;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Access;

/// <summary>
/// The gate of every admin call: a valid Entra token (401 otherwise) and a role in the fund that grants the
/// permission, or the platform administrator app role (403 otherwise). Refusals are audited through
/// <see cref="RefusalAudit"/>, which keeps callers without a token from flooding the trail (429 over its limits).
/// </summary>
public sealed class AdminAccess(AccessTokenValidator validator, RoleAssignmentTable roles, RefusalAudit refusals)
{
    /// <param name="request">The incoming request (only its Authorization header and path are read).</param>
    /// <param name="fundId">The fund the call acts on; null for platform-level calls such as creating a fund.</param>
    /// <param name="permission">What the call needs.</param>
    /// <param name="action">The operation name, for the audit log.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public async Task<AdminPrincipal> RequireAsync(
        HttpRequest request, string? fundId, Permission permission, string action, CancellationToken cancellationToken)
    {
        var fundIsWellFormed = fundId is not null && Slug.IsValid(fundId);
        var check = await validator.ValidateAsync(request.Headers.Authorization.ToString(), cancellationToken);
        if (check.Principal is not { } principal)
        {
            await refusals.RefuseAnonymousAsync(request, fundId, action, $"token:{check.Refusal}", cancellationToken);
            throw new ProblemException(Problems.Unauthorized(Explain(check.Refusal!.Value)));
        }

        // An id that cannot exist names nothing, for platform admins too: 404 before any storage call, and recorded,
        // since probing with such ids is worth seeing. The path is percent-decoded, so it shows every route id.
        if ((fundId is not null && !fundIsWellFormed) || (request.Path.Value ?? string.Empty).Any(char.IsControl))
        {
            await refusals.RefuseAsync(request, fundId, action, principal.ObjectId, "route:malformed-id", cancellationToken);
            throw new ProblemException(Problems.NotFound("Diese Adresse gibt es nicht."));
        }

        if (principal.IsPlatformAdmin)
        {
            return principal;
        }

        if (fundId is not null)
        {
            var assignment = await roles.GetAsync(fundId, principal.ObjectId, cancellationToken);
            if (assignment is not null && RolePermissions.Grants(assignment.Value.Role, permission))
            {
                return principal;
            }

            await refusals.RefuseAsync(request, fundId, action, principal.ObjectId, assignment is null ? "role:none" : $"role:{assignment.Value.Role}", cancellationToken);
        }
        else
        {
            await refusals.RefuseAsync(request, fundId, action, principal.ObjectId, "role:platform-admin-required", cancellationToken);
        }

        throw new ProblemException(Problems.Forbidden(fundId is null
            ? "Nur Plattform-Administratorinnen und -Administratoren dürfen das."
            : $"Zum {Describe(permission)} fehlt Ihnen die passende Rolle in diesem Fonds. Die Geschäftsstelle kann Rollen vergeben."));
    }

    private static string Describe(Permission permission) => permission switch
    {
        Permission.Read => "Lesen",
        Permission.ManageFund => "Ändern des Fonds",
        Permission.ManageCalls => "Verwalten der Förderrunden",
        Permission.ManageRoles => "Vergeben von Rollen",
        Permission.Decide => "Entscheiden über Anträge",
        _ => "Ausführen dieser Aktion",
    };

    private static string Explain(TokenRefusal refusal) => refusal switch
    {
        TokenRefusal.Missing => "Bitte mit dem Konto der Hochschule anmelden (Authorization: Bearer …).",
        TokenRefusal.Expired => "Die Anmeldung ist abgelaufen. Bitte erneut anmelden.",
        TokenRefusal.NotYetValid => "Die Anmeldung ist noch nicht gültig. Bitte die Uhrzeit des Geräts prüfen.",
        TokenRefusal.WrongAudience => "Die Anmeldung gilt nicht für diese Anwendung.",
        TokenRefusal.WrongIssuer => "Die Anmeldung stammt nicht vom Konto der Hochschule.",
        TokenRefusal.UnsupportedVersion or TokenRefusal.NotAnAccessToken => "Erwartet wird ein Zugriffstoken von Entra ID für diese Anwendung.",
        TokenRefusal.ClientNotAllowed => "Die Anmeldung stammt aus einer Anwendung, die diese Schnittstelle nicht nutzen darf.",
        _ => "Die Anmeldung ist ungültig. Bitte erneut anmelden.",
    };
}
