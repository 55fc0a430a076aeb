using MintFonds.Core.Access;

namespace MintFonds.Core.Tests.Access;

public sealed class RolePermissionsTests
{
    [Theory]
    [InlineData(FundRole.Office, Permission.Read, true)]
    [InlineData(FundRole.Office, Permission.ManageFund, true)]
    [InlineData(FundRole.Office, Permission.ManageCalls, true)]
    [InlineData(FundRole.Office, Permission.ManageRoles, true)]
    [InlineData(FundRole.Office, Permission.Decide, false)]
    [InlineData(FundRole.Board, Permission.Read, true)]
    [InlineData(FundRole.Board, Permission.Decide, true)]
    [InlineData(FundRole.Board, Permission.ManageCalls, false)]
    [InlineData(FundRole.Board, Permission.ManageRoles, false)]
    [InlineData(FundRole.Auditor, Permission.Read, true)]
    [InlineData(FundRole.Auditor, Permission.ManageFund, false)]
    [InlineData(FundRole.Auditor, Permission.Decide, false)]
    public void Each_role_grants_exactly_its_permissions(FundRole role, Permission permission, bool granted) =>
        Assert.Equal(granted, RolePermissions.Grants(role, permission));
}
