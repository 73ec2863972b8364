using System.Text;
using MultusConfig.Core.Api;
using MultusConfig.Core.Json;

namespace MultusConfig.Core.Rendering;

/// <summary>Writes spec.config: the conflist of section 6.2 to 6.8, or the custom config verbatim.</summary>
internal static class ConfigWriter
{
    [ThreadStatic] private static GoJsonWriter? t_writer;

    /// <summary>The config for a supported cniType (the caller has checked it).</summary>
    public static string Write(SpiderMultusConfigSpec s, string nadName, IDictionary<string, string>? annotations, RenderOptions options)
    {
        var cniType = s.CniType ?? CniTypes.Custom;
        if (cniType == CniTypes.Custom) return s.CustomCni ?? "";

        var w = t_writer ??= new GoJsonWriter(new StringBuilder(1024));
        w.Reset();
        w.StartObject();
        w.Property("cniVersion", Annotation(annotations, Annotations.CniVersion) ?? Annotations.DefaultCniVersion);
        var configName = Annotation(annotations, Annotations.CniConfigName);
        w.Property("name", string.IsNullOrEmpty(configName) ? nadName : configName);
        w.Name("plugins");
        w.StartArray();
        switch (cniType)
        {
            case CniTypes.Macvlan or CniTypes.Ipvlan:
                var m = (cniType == CniTypes.Macvlan ? s.Macvlan : s.Ipvlan) ?? new MacvlanConfig();
                var masters = m.Master ?? [];
                if ((m.VlanId ?? 0) != 0 || masters.Count >= 2) PluginWriter.Ifacer(w, m.VlanId ?? 0, masters, m.Bond);
                PluginWriter.MacvlanOrIpvlan(w, cniType, m, s, PluginWriter.MasterName(masters, m.Bond, m.VlanId));
                WriteTail(w, s, options);
                break;
            case CniTypes.Vlan:
                var v = s.Vlan ?? new VlanConfig();
                var vlanMasters = v.Master ?? [];
                if (vlanMasters.Count >= 2) PluginWriter.Ifacer(w, 0, vlanMasters, v.Bond);
                PluginWriter.Vlan(w, v, s, PluginWriter.MasterName(vlanMasters, v.Bond, vlanId: null));
                WriteTail(w, s, options);
                break;
            case CniTypes.Sriov:
                var sr = s.Sriov ?? new SriovConfig();
                PluginWriter.Sriov(w, sr, s);
                if (sr.RdmaIsolation == true)
                {
                    w.StartObject();
                    w.Property("type", "rdma");
                    w.EndObject();
                }
                WriteTail(w, s, options);
                if (sr.Mtu is > 0)
                {
                    // sriov-cni cannot set the MTU itself; the tuning plugin does, after the coordinator.
                    w.StartObject();
                    w.Property("type", "tuning");
                    w.Property("mtu", sr.Mtu.Value);
                    w.EndObject();
                }
                break;
            case CniTypes.IbSriov:
                PluginWriter.IbSriov(w, s.IbSriov ?? new IbSriovConfig(), s);
                WriteTail(w, s, options);
                break;
            case CniTypes.Ipoib:
                PluginWriter.Ipoib(w, s.Ipoib ?? new IpoibConfig(), s);
                WriteTail(w, s, options);
                break;
            case CniTypes.Ovs:
                PluginWriter.Ovs(w, s.Ovs ?? new OvsConfig(), s);
                WriteTail(w, s, options);
                break;
        }
        w.EndArray();
        w.EndObject();
        return w.ToString();
    }

    /// <summary>Chained plugins, then the coordinator: the order every type shares.</summary>
    private static void WriteTail(GoJsonWriter w, SpiderMultusConfigSpec s, RenderOptions options)
    {
        for (var i = 0; i < (s.ChainCniJsonData?.Count ?? 0); i++)
        {
            var chained = s.ChainCniJsonData![i];
            if (options.CanonicalChainedPlugins)
            {
                var sb = new StringBuilder(chained.Length);
                CniJsonText.WriteCanonical(chained, sb);
                w.Raw(sb.ToString());
            }
            else
            {
                w.Raw(CniJsonText.Minify(chained));
            }
        }
        if (s.EnableCoordinator ?? true) PluginWriter.Coordinator(w, s.Coordinator, options);
    }

    private static string? Annotation(IDictionary<string, string>? annotations, string key) =>
        annotations is not null && annotations.TryGetValue(key, out var v) ? v : null;
}
