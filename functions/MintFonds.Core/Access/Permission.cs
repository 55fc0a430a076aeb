namespace MintFonds.Core.Access;

/// <summary>The actions that admin calls need; <see cref="RolePermissions"/> says which role grants which.</summary>
public enum Permission
{
    Read,
    ManageFund,
    ManageCalls,
    ManageRoles,
    Decide,
}
