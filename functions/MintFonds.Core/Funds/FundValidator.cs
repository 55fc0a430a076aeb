using System.Text.RegularExpressions;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Funds;

/// <summary>Turns the office's input into a valid <see cref="Fund"/>, or lists every problem.</summary>
public static partial class FundValidator
{
    /// <summary>Ids the system uses itself as partition keys (audit trail, dead letters without a fund).</summary>
    public static readonly IReadOnlySet<string> ReservedIds = new HashSet<string>(StringComparer.Ordinal) { "platform", "fund", "unknown" };

    /// <param name="input">The request body.</param>
    /// <param name="existing">The stored fund when changing one; its id, status and creation time are kept.</param>
    /// <param name="now">The time of the change.</param>
    public static Validated<Fund> Validate(FundInput input, Fund? existing, DateTimeOffset now)
    {
        var check = new InputChecker();
        var id = existing?.Id ?? check.SlugField("id", input.Id);
        if (id is not null && ReservedIds.Contains(id))
        {
            check.Add("id", $"Die Kennung '{id}' ist reserviert.");
            id = null;
        }

        if (existing is not null && input.Id is not null && input.Id != existing.Id)
        {
            check.Add("id", "Die Kennung eines Fonds kann nicht geändert werden.");
        }

        var name = check.Text("name", input.Name, 200);
        var region = check.Text("region", input.Region, 200);
        var prefix = check.Text("referencePrefix", input.ReferencePrefix, 5);
        if (prefix is not null && !PrefixPattern().IsMatch(prefix))
        {
            check.Add("referencePrefix", "2 bis 5 Großbuchstaben A–Z, z. B. MRF.");
            prefix = null;
        }

        var fundOperator = CheckOperator(check, input.Operator);
        var bank = CheckBank(check, input.BankAccount);
        var sender = CheckSender(check, input.Sender);
        var contact = CheckContact(check, input.Contact);
        var rules = RulesValidator.Check(check, "rules", input.Rules);
        var privacyVersion = check.Text("privacyNoticeVersion", input.PrivacyNoticeVersion, 50, required: false);
        var sponsoring = CheckSponsoring(check, input.Sponsoring, input.Operator?.TaxNumber, input.Contact?.Phone);
        var decisions = CheckDecisions(check, input.Decisions);
        var branding = BrandingValidator.Check(check, input.Branding);

        if (check.HasErrors)
        {
            return Validated<Fund>.Invalid(check.Errors);
        }

        return Validated<Fund>.Valid(new Fund
        {
            Id = id!,
            Name = name!,
            Region = region!,
            ReferencePrefix = prefix!,
            Operator = fundOperator!,
            BankAccount = bank!,
            Sender = sender!,
            Contact = contact!,
            Rules = rules,
            PrivacyNoticeVersion = privacyVersion,
            Sponsoring = sponsoring,
            Decisions = decisions,
            Branding = branding,
            Status = existing?.Status ?? FundStatus.Active,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
            ClosedAt = existing?.ClosedAt,
        });
    }

    private static FundOperator? CheckOperator(InputChecker check, OperatorInput? input)
    {
        if (check.Required("operator", input) is null)
        {
            return null;
        }

        var legalName = check.Text("operator.legalName", input!.LegalName, 200);
        var address = CheckAddress(check, "operator.address", input.Address);
        var purpose = check.Text("operator.purposeText", input.PurposeText, 200);

        // The template's sentence reads "… nur zur Förderung der/des … verwendet wird": the text must continue it.
        if (purpose is not null && !PurposePattern().IsMatch(purpose))
        {
            check.Add("operator.purposeText", "Der Zweck muss den Satz „… nur zur Förderung der/des … verwendet wird“ fortsetzen, z. B. „Förderung der Bildung“ (ohne Punkt am Ende).");
            purpose = null;
        }

        var place = check.Text("operator.receiptPlace", input.ReceiptPlace, 100);
        var taxOffice = check.Text("operator.taxOffice", input.TaxOffice, 120, required: false);
        var signatoryName = check.Text("operator.signatoryName", input.SignatoryName, 120, required: false);
        var signatoryFunction = check.Text("operator.signatoryFunction", input.SignatoryFunction, 120, required: false);
        var taxNumber = check.Text("operator.taxNumber", input.TaxNumber, 30, required: false);
        var procedure = taxOffice is not null && input.ProcedureNotifiedOn is { } notified ? new MachineProcedure(taxOffice, notified) : null;
        var signatory = signatoryName is not null && signatoryFunction is not null ? new Signatory(signatoryName, signatoryFunction) : null;

        // R 10b.1 Abs. 4 EStR: without a handwritten signature only when the procedure was notified to the tax office.
        var machineMade = input.MachineMadeReceipts ?? (procedure is not null && signatory is not null);
        if (machineMade)
        {
            if (procedure is null)
            {
                check.Add("operator.procedureNotifiedOn", "Maschinell erstellte Zuwendungsbestätigungen ohne Unterschrift setzen voraus, dass das Verfahren dem Finanzamt angezeigt wurde: Finanzamt (taxOffice) und Datum der Anzeige angeben.");
            }

            if (signatory is null)
            {
                check.Add("operator.signatoryName", "Für maschinell erstellte Zuwendungsbestätigungen Name und Funktion der zeichnungsberechtigten Person angeben.");
            }
        }

        var passOn = CheckPassOn(check, input.PassOn);
        return legalName is null || address is null || purpose is null || place is null || check.HasErrors
            ? null
            : new FundOperator(legalName, address, purpose, place, machineMade)
            {
                MachineProcedure = procedure, Signatory = signatory, TaxNumber = taxNumber, PassOn = passOn,
            };
    }

    private static PassOnSettings? CheckPassOn(InputChecker check, PassOnInput? input)
    {
        if (input is null)
        {
            return null;
        }

        var recipient = check.Text("operator.passOn.recipient", input.Recipient, 200);
        var taxOffice = check.Text("operator.passOn.taxOffice", input.TaxOffice, 120);
        var taxNumber = check.Text("operator.passOn.taxNumber", input.TaxNumber, 30);
        var notice = check.RequiredValue("operator.passOn.notice", input.Notice);
        var date = check.RequiredValue("operator.passOn.noticeDate", input.NoticeDate);
        return recipient is null || taxOffice is null || taxNumber is null || notice is null || date is null
            ? null
            : new PassOnSettings(recipient, taxOffice, taxNumber, notice.Value, date.Value);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\AFörderung (der|des|von) [^\n.]+[^\n.\s]\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial System.Text.RegularExpressions.Regex PurposePattern();

    private static PostalAddress? CheckAddress(InputChecker check, string path, AddressInput? input)
    {
        if (check.Required(path, input) is null)
        {
            return null;
        }

        var street = check.Text($"{path}.street", input!.Street, 200);
        var postalCode = check.PostalCode($"{path}.postalCode", input.PostalCode);
        var city = check.Text($"{path}.city", input.City, 100);
        var country = check.Text($"{path}.country", input.Country ?? "DE", 2);
        return street is null || postalCode is null || city is null || country is null
            ? null
            : new PostalAddress(street, postalCode, city, country.ToUpperInvariant());
    }

    private static BankAccount? CheckBank(InputChecker check, BankAccountInput? input)
    {
        if (check.Required("bankAccount", input) is null)
        {
            return null;
        }

        var holder = check.Text("bankAccount.accountHolder", input!.AccountHolder, 70);
        if (holder is not null && MintFonds.Core.Payments.SepaText.Transliterate(holder).Length > 70)
        {
            // The GiroCode carries the holder in SEPA letters (ä → ae), at most 70 of them.
            check.Add("bankAccount.accountHolder", "In SEPA-Schreibweise (ä = ae) höchstens 70 Zeichen.");
            holder = null;
        }
        var iban = check.IbanField("bankAccount.iban", input.Iban);
        var bic = check.BicField("bankAccount.bic", input.Bic);
        var bankName = check.Text("bankAccount.bankName", input.BankName, 100);
        return holder is null || iban is null || bankName is null ? null : new BankAccount(holder, iban, bic, bankName);
    }

    private static MailSender? CheckSender(InputChecker check, SenderInput? input)
    {
        if (check.Required("sender", input) is null)
        {
            return null;
        }

        var email = check.Email("sender.email", input!.Email);
        var name = check.Text("sender.name", input.Name, 100);
        var replyTo = check.Email("sender.replyTo", input.ReplyTo, required: false);
        return email is null || name is null ? null : new MailSender(email, name, replyTo);
    }

    private static FundContact? CheckContact(InputChecker check, ContactInput? input)
    {
        if (check.Required("contact", input) is null)
        {
            return null;
        }

        var email = check.Email("contact.email", input!.Email);
        var phone = check.Phone("contact.phone", input.Phone);
        var website = check.HttpsUrl("contact.website", input.Website);
        var imprint = check.HttpsUrl("contact.imprintUrl", input.ImprintUrl);
        var privacy = check.HttpsUrl("contact.privacyUrl", input.PrivacyUrl);
        var logo = check.HttpsUrl("contact.logoUrl", input.LogoUrl);
        var statusPage = check.HttpsUrl("contact.statusPageUrl", input.StatusPageUrl);
        return email is null ? null : new FundContact(email, phone, website, imprint, privacy, logo, statusPage);
    }

    private static SponsoringSettings? CheckSponsoring(InputChecker check, SponsoringInput? input, string? issuerTaxNumber, string? contactPhone)
    {
        if (input is null)
        {
            return null;
        }

        // A German VAT rate is more than 0 % and at most 19 %; 0 % is an exemption and needs its reason as text.
        if (input.VatRatePercent is { } rate && (rate <= 0m || rate > 19m))
        {
            check.Add("sponsoring.vatRatePercent", rate <= 0m
                ? "0 % ist keine Umsatzsteuer, sondern eine Befreiung: stattdessen den Befreiungstext (vatExemptionText) mit Grund angeben."
                : "Einen Umsatzsteuersatz über 19 % gibt es in Deutschland nicht.");
        }

        var vatId = check.Text("sponsoring.vatId", input.VatId, 20, required: false);
        var exemption = check.Text("sponsoring.vatExemptionText", input.VatExemptionText, 300, required: false, multiLine: true);
        var service = check.Text("sponsoring.serviceDescription", input.ServiceDescription, 300, multiLine: true);
        if ((input.VatRatePercent is null) == (exemption is null))
        {
            check.Add("sponsoring.vatRatePercent", "Entweder einen Umsatzsteuersatz oder einen Befreiungstext angeben, nicht beides.");
        }
        else if (vatId is null && string.IsNullOrWhiteSpace(issuerTaxNumber))
        {
            // § 14 Abs. 4 Nr. 2 UStG: on every invoice, exempt ones included.
            check.Add("sponsoring.vatId", "Rechnungen nennen die USt-IdNr. (sponsoring.vatId) oder die Steuernummer der Hochschule (operator.taxNumber), auch bei Steuerbefreiung.");
        }

        var eInvoice = EInvoiceSettingsValidator.Check(check, input, vatId, exemption, issuerTaxNumber, contactPhone);
        return service is null ? null : new SponsoringSettings(input.VatRatePercent, vatId, exemption, service)
        {
            EInvoice = eInvoice.Format,
            NoVatCategory = eInvoice.Category,
            ExemptionReasonCode = eInvoice.ReasonCode,
            InvoiceContactName = eInvoice.ContactName,
            SellerIdentifier = eInvoice.SellerIdentifier,
        };
    }

    private static DecisionSettings? CheckDecisions(InputChecker check, DecisionSettingsInput? input)
    {
        if (input is null)
        {
            return null;
        }

        var criteria = new List<string>();
        var given = input.Criteria ?? DecisionSettings.Default.Criteria;
        if (given.Count is 0 or > 20)
        {
            check.Add("decisions.criteria", "1 bis 20 Kriterien angeben.");
        }

        for (var i = 0; i < given.Count; i++)
        {
            if (check.Text($"decisions.criteria[{i}]", given[i], 100) is { } criterion)
            {
                if (criteria.Contains(criterion, StringComparer.OrdinalIgnoreCase))
                {
                    check.Add($"decisions.criteria[{i}]", "Jedes Kriterium nur einmal.");
                }

                criteria.Add(criterion);
            }
        }

        var required = input.BoardApprovalsRequired ?? 1;
        check.InRange("decisions.boardApprovalsRequired", required, 1, 15);
        return new DecisionSettings(criteria, required);
    }

    // \A…\z, not ^…$: "$" also matches before a trailing line break, so "id\n" would pass as "id".
    [GeneratedRegex(@"\A[A-Z]{2,5}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PrefixPattern();
}
