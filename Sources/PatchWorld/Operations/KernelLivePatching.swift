import PatchBaselines
import PatchModel

/// Enabling and disabling Amazon Linux 2 Kernel Live Patching on nodes ([KLP-1]), what
/// `AWS-ConfigureKernelLivePatching` does:
/// - Enable: on a kernel older than `kernel-4.14.165-131.185`, the latest kernel the
///   node's repositories offer is installed and the node reboots; otherwise nothing but
///   the plugin. The live-patch package of the running kernel is then installed at its
///   base version (when the repositories offer one: live patches exist only for three
///   months after a kernel's release), so later Installs update it like any package.
/// - Disable: the live-patch packages are removed and the node reboots.
///
/// Use (AMBIGUOUS): a node other than Amazon Linux 2 on x86_64 fails the command
/// ("unsupported"); the running kernel is `KernelLivePatch.runningKernel`.
public enum KernelLivePatching {
    public enum Outcome: Equatable, Sendable {
        case enabled(rebooted: Bool)
        case disabled
        case unchanged
        case unsupported(String)
    }

    /// The base live-patch package for the node's running kernel, installed when the
    /// content offers it and it is not there yet. Returns what was installed.
    @discardableResult
    public static func installBase(on node: inout ManagedInstance, content: AvailableContent, at t: Instant) -> PackageIdentity? {
        guard let kernel = KernelLivePatch.runningKernel(in: node.inventory),
              let name = KernelLivePatch.packageName(forKernel: kernel.version),
              node.inventory.package(named: name, arch: kernel.arch) == nil,
              let base = content.index.byUnit["\(name).\(kernel.arch)"]?.min(by: { $0.version < $1.version }) else { return nil }
        node.install(base.identity, at: t)
        return base.identity
    }
}

extension Fleet {
    /// `AWS-ConfigureKernelLivePatching` (`EnableOrDisable`) on one node at `t`. The
    /// command's own run time is not modelled: it takes effect at `t`.
    public mutating func configureKernelLivePatching(_ instanceId: String, enable: Bool, at t: Instant) -> KernelLivePatching.Outcome {
        guard var node = instances[instanceId] else { return .unsupported("no such node") }
        guard node.os == .amazonLinux2, node.arch == "x86_64" else {
            return .unsupported("Kernel Live Patching needs Amazon Linux 2 on x86_64; \(instanceId) runs \(node.product) on \(node.arch)")
        }
        let defaults = PatchBaseline(baselineId: "", name: "", operatingSystem: node.os)
        var outcome = KernelLivePatching.Outcome.unchanged
        if enable {
            let content = content(for: node, at: t, baseline: defaults).content
            var rebooted = false
            if let kernel = KernelLivePatch.runningKernel(in: node.inventory),
               kernel.version < KernelLivePatch.minimumKernel,
               let latest = content.index.byUnit[kernel.identity.unitKey]?.max(by: { $0.version < $1.version }), latest.version > kernel.version {
                node.install(latest.identity, at: t)
                node.reboot(at: t)
                rebooted = true
            }
            if !node.kernelLivePatching || rebooted { outcome = .enabled(rebooted: rebooted) }
            node.kernelLivePatching = true
            KernelLivePatching.installBase(on: &node, content: content, at: t)
        } else if node.kernelLivePatching {
            for p in node.inventory.packages where KernelLivePatch.isLivePatch(p.name) { node.remove(named: p.name, arch: p.arch) }
            node.kernelLivePatching = false
            node.reboot(at: t)
            outcome = .disabled
        }
        shareInventory(&node, at: t)
        instances[instanceId] = node
        return outcome
    }
}
