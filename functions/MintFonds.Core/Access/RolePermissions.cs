namespace MintFonds.Core.Access;

/// <summary>The one table of who may do what. Platform administrators (an Entra app role) may do everything in every fund.</summary>
public static class RolePermissions
{
    public static bool Grants(FundRole role, Permission permission) => (role, permission) switch
    {
        (_, Permission.Read) => true,
        (FundRole.Office, Permission.ManageFund or Permission.ManageCalls or Permission.ManageRoles) => true,
        (FundRole.Board, Permission.Decide) => true,
        _ => false,
    };
}
