using System.Reflection;
using MintFonds.Functions.Receipts.Wording;

namespace MintFonds.Functions.Tests.Receipts;

public sealed class DocumentWordingTests
{
    [Fact]
    public void Every_text_of_the_shipped_wording_is_filled_in()
    {
        var wording = DocumentWording.German;
        object[] sections = [wording, wording.DonationReceipt, wording.Annex, wording.SponsoringInvoice];

        var empty = sections
            .SelectMany(section => section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(property => property.PropertyType == typeof(string))
                .Select(property => (Name: $"{section.GetType().Name}.{property.Name}", Value: (string?)property.GetValue(section))))
            .Where(text => string.IsNullOrWhiteSpace(text.Value))
            .Select(text => text.Name);

        Assert.Empty(empty);
    }

    [Fact]
    public void The_legal_sentences_are_verbatim()
    {
        var texts = DocumentWording.German.DonationReceipt;

        Assert.Equal(ReceiptSamples.LiabilityNotice, texts.LiabilityNotice);
        Assert.Equal(ReceiptSamples.NoOtherReceipts, texts.NoOtherReceipts);
        Assert.Equal(ReceiptSamples.Title, $"{texts.Title} {texts.TitleQualifier}");
        Assert.Equal("dd.MM.yyyy", DocumentWording.German.DateFormat);
    }
}
