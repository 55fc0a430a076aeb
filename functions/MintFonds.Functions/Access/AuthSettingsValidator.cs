using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using MintFonds.Functions.Hosting;

namespace MintFonds.Functions.Access;

/// <summary>
/// Refuses unsafe or incomplete "Auth" settings. Registered with ValidateOnStart, so the host does not start with
/// them (rather than failing on the first admin call, or worse, after a deployment that nobody has called yet).
/// </summary>
public sealed class AuthSettingsValidator(IConfiguration configuration) : IValidateOptions<AuthSettings>
{
    public ValidateOptionsResult Validate(string? name, AuthSettings options)
    {
        var failures = new List<string>();
        if (options.Audiences.Count == 0)
        {
            failures.Add("Setting 'Auth__Audience' is required (the API's application ID URI and client id).");
        }

        if (!string.IsNullOrWhiteSpace(options.SigningKeys))
        {
            // A static key set is a test fixture; in any deployed environment it would be a back door.
            if (!RuntimeEnvironment.IsDevelopment(configuration))
            {
                failures.Add("Setting 'Auth__SigningKeys' is only accepted when AZURE_FUNCTIONS_ENVIRONMENT is 'Development'. Use 'Auth__Authority' in Azure.");
            }

            if (string.IsNullOrWhiteSpace(options.Issuer))
            {
                failures.Add("Setting 'Auth__Issuer' is required with 'Auth__SigningKeys'.");
            }

            if (PublicKeys(options.SigningKeys) is null)
            {
                failures.Add("Setting 'Auth__SigningKeys' must be a JSON Web Key Set of public RSA or EC keys only.");
            }
        }
        else if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add("Setting 'Auth__Authority' must be the https address of the Entra ID tenant (…/v2.0).");
        }

        // Role claims are compared exactly; a role name with a comma or space could never match one.
        if (string.IsNullOrEmpty(options.PlatformAdminRole) || options.PlatformAdminRole.Any(c => c == ',' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add("Setting 'Auth__PlatformAdminRole' must be one app role name, without commas or spaces.");
        }

        if (options.AllowedClientAppIds.Any(id => id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add("Setting 'Auth__AllowedClientApps' must list client ids separated by commas.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The signing keys of a JWKS, or null when it is unreadable, empty or holds a symmetric key.</summary>
    public static IReadOnlyList<SecurityKey>? PublicKeys(string jwks)
    {
        try
        {
            var keys = new JsonWebKeySet(jwks).GetSigningKeys();
            return keys.Count == 0 || keys.Any(key => key is SymmetricSecurityKey) ? null : [.. keys];
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
