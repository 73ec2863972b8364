using System.Text;

namespace MultusConfig.ApiServer;

/// <summary>Writes a kubeconfig for kubectl and for KubernetesClient's own config loader.</summary>
internal static class Kubeconfig
{
    public static string Render(Uri server, string? caPem, string token, string ns = "default")
    {
        var sb = new StringBuilder();
        sb.AppendLine("apiVersion: v1");
        sb.AppendLine("kind: Config");
        sb.AppendLine("clusters:");
        sb.AppendLine("- name: apiserver-double");
        sb.AppendLine("  cluster:");
        sb.AppendLine($"    server: {server.GetLeftPart(UriPartial.Authority)}");
        if (caPem is not null)
        {
            sb.AppendLine($"    certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem))}");
        }
        sb.AppendLine("contexts:");
        sb.AppendLine("- name: apiserver-double");
        sb.AppendLine("  context:");
        sb.AppendLine("    cluster: apiserver-double");
        sb.AppendLine("    user: admin");
        sb.AppendLine($"    namespace: {ns}");
        sb.AppendLine("current-context: apiserver-double");
        sb.AppendLine("users:");
        sb.AppendLine("- name: admin");
        sb.AppendLine("  user:");
        sb.AppendLine($"    token: {token}");
        return sb.ToString();
    }
}
