using Azure.Core;

namespace MintFonds.Functions.Storage;

/// <summary>
/// Settings section "Storage": how the Azure SDK retries a storage call that failed for a passing reason. Unset values
/// keep the SDK's defaults (3 retries, exponential from 0.8 s); tests that inject faults shorten the delays.
/// </summary>
public sealed class StorageRetrySettings
{
    public int? MaxRetries { get; set; }

    public int? DelayMilliseconds { get; set; }

    public int? NetworkTimeoutSeconds { get; set; }

    public void ApplyTo(RetryOptions retry)
    {
        if (MaxRetries is { } max)
        {
            retry.MaxRetries = max;
        }

        if (DelayMilliseconds is { } delay)
        {
            retry.Delay = TimeSpan.FromMilliseconds(delay);
            retry.MaxDelay = TimeSpan.FromMilliseconds(delay * 8);
        }

        if (NetworkTimeoutSeconds is { } timeout)
        {
            retry.NetworkTimeout = TimeSpan.FromSeconds(timeout);
        }
    }
}
