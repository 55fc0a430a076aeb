using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MintFonds.Functions.Forms;

/// <summary>Registration of the web forms: the "Forms" settings and the embedded files.</summary>
public static class FormServices
{
    public static IServiceCollection AddForms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FormSettings>().Bind(configuration.GetSection("Forms"))
            .Configure(settings => settings.PublicBaseUrl = FormSettings.BaseUrlOrHost(settings.PublicBaseUrl, configuration["WEBSITE_HOSTNAME"]))
            .Validate(s => s.IsValid(), "Forms: PublicBaseUrl must be an https address (http only for localhost) without query or fragment; FrameAncestors and ImageOrigins lists of such origins without a path.")
            .ValidateOnStart();
        services.AddSingleton<FormFiles>();
        return services;
    }
}
