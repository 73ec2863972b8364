using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MultusConfig.Cni.Tests.Netns;

/// <summary>
/// Creates a socket inside another network namespace. setns(2) changes only the calling thread, and a
/// socket stays in the namespace it was created in, so a dedicated thread enters the namespace, creates
/// the socket and leaves; the test process itself never moves.
/// </summary>
public static partial class NamespaceSwitch
{
    private const int CloneNewNet = 0x40000000;

    public static T CreateIn<T>(NetworkNamespace ns, Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(ns);
        T? created = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var home = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle(ns.Path);
                Enter(target, ns.Name);
                try
                {
                    created = factory();
                }
                finally
                {
                    // If going back fails the thread ends here anyway, so nothing else runs in the wrong namespace.
                    Enter(home, "the test's own namespace");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "netns " + ns.Name };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException($"cannot create a socket in namespace {ns.Name}: {failure.Message}", failure);
        }
        return created!;
    }

    private static void Enter(SafeFileHandle handle, string what)
    {
        if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns into {what} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
