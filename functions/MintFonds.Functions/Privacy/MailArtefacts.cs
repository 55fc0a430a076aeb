using MintFonds.Functions.Notifications;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>
/// Erases the e-mail copies a person's index rows point to: .eml files in the local outbox and dead letters (both hold
/// the address and the text). Delivery-ledger rows are kept: they hold no address (message key, template, state), and
/// forgetting one would let a late redelivery of the same message send it once more; only their index row goes, so
/// they no longer lead to the person. Each artefact goes first, its index row after (a crash leaves an index row
/// pointing to nothing, never an unindexed copy).
/// </summary>
public sealed class MailArtefacts(StorageAccount storage, DeadLetterTable deadLetters, PersonIndex index)
{
    /// <returns>How many e-mail copies and dead letters there were (and are no more).</returns>
    public async Task<(int Mails, int DeadLetters)> EraseAsync(IEnumerable<MailArtefact> artefacts, CancellationToken cancellationToken)
    {
        var (mails, dead) = (0, 0);
        foreach (var artefact in artefacts)
        {
            // Counted by a read before the delete: the delete's own answer may be lost (a retried delete answers 404).
            switch (artefact.Kind)
            {
                case MailArtefactKind.OutboxMail when artefact.BlobName is not null:
                    var blob = storage.Container(BlobContainerNames.MailOutbox).GetBlobClient(artefact.BlobName);
                    if ((await blob.ExistsAsync(cancellationToken)).Value)
                    {
                        await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
                        mails++;
                    }

                    break;
                case MailArtefactKind.DeadLetter when await deadLetters.GetAsync(artefact.FundId, artefact.Id, cancellationToken) is not null:
                    await deadLetters.DeleteIfExistsAsync(artefact.FundId, artefact.Id, cancellationToken);
                    dead++;
                    break;
            }

            await index.ForgetAsync(artefact, cancellationToken);
        }

        return (mails, dead);
    }

    /// <summary>The person's e-mails about one record, recognised by the message key (<c>{template}:{fundId}:{reference}</c>).</summary>
    public async Task<(int Mails, int DeadLetters)> EraseForRecordAsync(string fundId, string personKey, string reference, CancellationToken cancellationToken)
    {
        var all = await index.ListAsync(personKey, fundId, cancellationToken);
        return await EraseAsync(all.Where(a => a.MessageKey?.EndsWith(":" + reference, StringComparison.Ordinal) == true), cancellationToken);
    }
}
