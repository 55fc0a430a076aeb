namespace MintFonds.Functions.Notifications;

/// <summary>Settings section "SendGrid". Without an API key every e-mail goes to the mail-outbox container instead.</summary>
public sealed class SendGridSettings
{
    public string? ApiKey { get; set; }

    /// <summary>API base address; tests point it at a fake SendGrid.</summary>
    public string? Host { get; set; }

    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>An app setting whose Key Vault reference could not be resolved arrives as the reference text itself.</summary>
    public bool IsUnresolvedKeyVaultReference => ApiKey?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);
}
