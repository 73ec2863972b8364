namespace MultusConfig.ApiServer.Authorization;

/// <summary>The double's --authorization-mode: allow every authenticated request (the default), or RBAC over the stored roles.</summary>
public enum AuthorizationMode
{
    AlwaysAllow,
    Rbac,
}
