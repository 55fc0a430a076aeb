using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Reports;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Reports;

namespace MintFonds.Tools.ReceiptPreview;

/// <summary>A sample quarterly report (Q4 2026) of a sponsor of the TH Bingen fund; the figures are invented.</summary>
internal static class SampleReport
{
    public static SponsorReport Build()
    {
        static Euro E(decimal euros) => Euro.FromDecimal(euros);
        static FigureCounters Figures(long applications, long approvals, long raised, long granted, long paidOut, long institutions, long participants)
        {
            var c = new FigureCounters();
            c.Add(FigureNames.Applications, applications);
            c.Add(FigureNames.Approvals, approvals);
            c.Add(FigureNames.Raised, raised);
            c.Add(FigureNames.Granted, granted);
            c.Add(FigureNames.PaidOut, paidOut);
            c.Add(FigureNames.Institutions, institutions);
            c.Add(FigureNames.Participants, participants);
            c.Add(FigureNames.ByStage(FigureNames.Granted, EducationStage.Kita), granted / 4);
            c.Add(FigureNames.ByStage(FigureNames.Granted, EducationStage.Primarstufe), granted / 2);
            c.Add(FigureNames.ByStage(FigureNames.Granted, EducationStage.SekundarstufeI), granted - (granted / 4) - (granted / 2));
            c.Add(FigureNames.ByDistrict(FigureNames.Granted, "Landkreis Mainz-Bingen"), granted * 3 / 4);
            c.Add(FigureNames.ByDistrict(FigureNames.Granted, "Mainz"), granted - (granted * 3 / 4));
            return c;
        }

        var q1 = Figures(9, 5, 350000, 140000, 60000, 5, 180);
        var q2 = Figures(12, 8, 210000, 235000, 150000, 7, 260);
        var q3 = Figures(7, 4, 180000, 120000, 190000, 4, 140);
        var q4 = Figures(11, 7, 420000, 205000, 160000, 6, 230);
        return new SponsorReport
        {
            FundId = "th-bingen",
            FundName = "MINT-Regionalfonds Mainz-Bingen",
            IssuerName = "Technische Hochschule Bingen",
            Quarter = new ReportQuarter(2026, 4),
            Language = "de",
            SponsorId = "sample",
            SponsorName = "Rheinhessische Maschinenbau GmbH",
            IssuedOn = new DateOnly(2027, 1, 1),
            Payments =
            [
                new ReportPayment("p1", new DateOnly(2026, 1, 15), E(1500m), "Donation", "Kita, Primarstufe | Landkreis Mainz-Bingen"),
                new ReportPayment("p2", new DateOnly(2026, 10, 15), E(1500m), "Donation", "Kita, Primarstufe | Landkreis Mainz-Bingen"),
                new ReportPayment("p3", new DateOnly(2026, 11, 30), E(500m), "Donation", "frei"),
            ],
            NamedGrants =
            [
                new ReportGrant("MRF-2026-0004", "Forscherkiste „Wasser & Strom“", "Grundschule Am Rhein, Bingen", [EducationStage.Primarstufe],
                    [MintField.Naturwissenschaften, MintField.Technik], "Landkreis Mainz-Bingen", E(300m), GrantStatus.UseProven, 46),
                new ReportGrant("MRF-2026-0011", "Kleine Baumeister: Brücken aus Papier", "Kita Regenbogen, Ingelheim", [EducationStage.Kita],
                    [MintField.Technik], "Landkreis Mainz-Bingen", E(450m), GrantStatus.PaidOut, null),
                new ReportGrant("MRF-2026-0019", "Calliope-AG für die Klassen 3 und 4", "Grundschule Gensingen", [EducationStage.Primarstufe],
                    [MintField.Informatik], "Landkreis Mainz-Bingen", E(500m), GrantStatus.Approved, null),
            ],
            OtherGrants =
            [
                new AnonymousGrants(EducationStage.Primarstufe, 3, E(840m), 95),
                new AnonymousGrants(EducationStage.Kita, 1, E(210m), 18),
            ],
            Earmarks = [new EarmarkBalance("Kita, Primarstufe | Landkreis Mainz-Bingen", E(4500m), E(3000m), E(2300m))],
            MoneyByStage = new Dictionary<EducationStage, Euro> { [EducationStage.Kita] = E(660m), [EducationStage.Primarstufe] = E(1640m) },
            FundQuarter = q4,
            FundYear = q1.Plus(q2).Plus(q3).Plus(q4),
            FundOverTime = [(new ReportQuarter(2026, 1), q1), (new ReportQuarter(2026, 2), q2), (new ReportQuarter(2026, 3), q3), (new ReportQuarter(2026, 4), q4)],
        };
    }
}
