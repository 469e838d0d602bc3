import Foundation
import PatchModel

/// Generates a realistic, seeded repository history for one OS and product: base
/// versions at `historyStart`, then updates between `start` and `end` with notices named
/// and shaped as each family names them (ALAS, RHSA/RHBA/RHEA, ELSA, RLSA, ALSA, SUSE
/// patches, `-security` pockets, monthly Windows cumulative updates that supersede the
/// previous month's, macOS softwareupdate and Homebrew items).
///
/// Same profile + same seed = the same repositories, whatever else is generated
/// (each repository draws from its own named stream).
public struct RepositoryGenerator {
    public let profile: RepositoryProfile
    public let seed: UInt64

    public init(profile: RepositoryProfile, seed: UInt64) {
        self.profile = profile
        self.seed = seed
    }

    /// The repositories and the inventory of an image built from the base versions.
    public struct Output: Sendable {
        public var repositories: [Repository]
        /// Every generated package at its base version, as an image made at `historyStart` holds it.
        public var baseInventory: Inventory
    }

    public func generate() -> Output {
        var rng = SeededGenerator(seed: seed, stream: "repo:\(profile.os.rawValue):\(profile.product):\(profile.name)")
        switch profile.os.family {
        case .yumDNF, .zypper: return generateRPM(&rng)
        case .apt: return generateAPT(&rng)
        case .windows: return generateWindows(&rng)
        case .macOS: return generateMacOS(&rng)
        }
    }

    // MARK: - Shared pieces

    /// Real package names first, then numbered ones; siblings (`X` + `X-libs`) give dependencies.
    static let realNames = [
        "openssl", "bash", "curl", "glibc", "systemd", "openssh", "sudo", "bind", "python3", "perl", "vim", "git",
        "tzdata", "ca-certificates", "nss", "krb5", "zlib", "expat", "libxml2", "sqlite", "gnutls", "rsync", "tar",
        "gzip", "xz", "bzip2", "wget", "less", "grep", "sed", "gawk", "coreutils", "util-linux", "procps", "shadow",
        "pam", "dbus", "polkit", "nginx", "httpd", "postgresql", "mariadb", "php", "ruby", "nodejs", "java-11-openjdk",
        "kmod", "dracut", "grub2", "e2fsprogs", "xfsprogs", "lvm2", "cryptsetup", "iptables", "nftables", "chrony",
        "ntp", "rsyslog", "logrotate", "cronie", "at", "screen", "tmux", "unzip", "zip", "file", "findutils",
        "diffutils", "patch", "make", "gcc", "binutils", "gdb", "strace", "lsof", "tcpdump", "net-tools", "iproute",
    ]

    func packageNames(count: Int) -> [String] {
        let n = max(0, min(count, RepositoryProfile.maxPackageCount))
        return (0..<n).map { k in k < Self.realNames.count ? Self.realNames[k] : "pkg\(k - Self.realNames.count + 1)" }
    }

    /// Update instants of one package: a Poisson process over [start, end], minute precision.
    func updateInstants(_ rng: inout SeededGenerator, meanDays: Double) -> [Instant] {
        var result: [Instant] = []
        let mean = max(meanDays, 0.01) * 86_400
        var t = Double(profile.start.secondsSinceEpoch)
        let end = Double(profile.end.secondsSinceEpoch)
        while true {
            t += -log(1 - rng.unit()) * mean
            if t >= end || result.count >= RepositoryProfile.maxUpdatesPerPackage { break }
            result.append(Instant(secondsSinceEpoch: Int64(t) / 60 * 60))
        }
        return result
    }

    func baseUpstream(_ rng: inout SeededGenerator) -> String {
        "\(1 + rng.below(9)).\(rng.below(20)).\(rng.below(30))"
    }

    // MARK: - YUM/DNF and Zypper

    var distTag: String {
        switch profile.os {
        case .amazonLinux: return "amzn1"
        case .amazonLinux2: return "amzn2"
        case .amazonLinux2022: return "amzn2022"
        case .amazonLinux2023: return "amzn2023"
        case .centOS, .redhatEnterpriseLinux, .rockyLinux, .almaLinux:
            return "el" + String(profile.product.filter(\.isNumber).prefix(1))
        case .oracleLinux: return "0.1.el" + String(profile.product.filter(\.isNumber).prefix(1))
        default: return "150300"
        }
    }

    /// Notice ids as each publisher writes them; nil where default repos carry no notices (CentOS).
    func noticeId(type: String, year: Int, serial: Int) -> String? {
        let n4 = String(format: "%04d", serial)
        let letter = type == "Security" ? "S" : type == "Bugfix" ? "B" : "E"
        switch profile.os {
        case .amazonLinux: return "ALAS-\(year)-\(n4)"
        case .amazonLinux2: return "ALAS2-\(year)-\(n4)"
        case .amazonLinux2022: return "ALAS2022-\(year)-\(String(format: "%03d", serial))"
        case .amazonLinux2023: return "ALAS2023-\(year)-\(String(format: "%03d", serial))"
        case .redhatEnterpriseLinux: return "RH\(letter)A-\(year):\(n4)"
        case .oracleLinux: return "EL\(letter)A-\(year)-\(n4)"
        case .rockyLinux: return "RL\(letter)A-\(year):\(n4)"
        case .almaLinux: return "AL\(letter)A-\(year):\(n4)"
        case .suse:
            let sp = profile.product.split(separator: ".").last.map(String.init) ?? "0"
            let major = profile.product.filter(\.isNumber).prefix(2)
            return "SUSE-SLE-SERVER-\(major)-SP\(sp)-\(year)-\(n4)"
        default: return nil
        }
    }

    func generateRPM(_ rng: inout SeededGenerator) -> Output {
        var repo = Repository(name: profile.name, os: profile.os, products: [profile.product])
        var installed: [InstalledPackage] = []
        var serial = 1000 + rng.below(500)
        let isSUSE = profile.os == .suse
        let tag = distTag

        struct Planned { var instant: Instant; var packages: [AvailablePackage] }
        var planned: [Planned] = []
        var baseKernel: AvailablePackage? = nil

        func make(_ name: String, _ arch: String, _ upstream: String, _ release: Int, requires: [PackageRequirement] = []) -> AvailablePackage {
            let v = RPMVersion(epoch: "0", version: upstream, release: isSUSE ? "\(tag).\(release).1" : "\(release).\(tag)")
            return AvailablePackage(identity: PackageIdentity(name: name, arch: arch, version: .rpm(v)),
                                    repository: profile.name, requires: requires)
        }

        var names = packageNames(count: profile.packageCount)
        if profile.kernelUpdatesPerMonth > 0 { names.insert("kernel", at: 0) }
        for name in names {
            let arch = rng.chance(0.15) && name != "kernel" ? "noarch" : "x86_64"
            var upstream = name == "kernel" ? "\(profile.os == .amazonLinux2 ? "4.14" : "5.10").\(100 + rng.below(100))" : baseUpstream(&rng)
            var release = 1 + rng.below(5)
            let hasLibs = name != "kernel" && rng.chance(profile.dependencyShare)
            let base = make(name, arch, upstream, release)
            if name == "kernel" { baseKernel = base }
            repo.publish(base, at: profile.historyStart)
            installed.append(InstalledPackage(identity: base.identity, installedAt: profile.historyStart))
            if hasLibs {
                let lib = make(name + "-libs", arch, upstream, release)
                repo.publish(lib, at: profile.historyStart)
                installed.append(InstalledPackage(identity: lib.identity, installedAt: profile.historyStart))
            }
            let mean = name == "kernel" ? 30.4 / profile.kernelUpdatesPerMonth : profile.meanDaysBetweenUpdates
            for t in updateInstants(&rng, meanDays: mean) {
                if rng.chance(0.25) {
                    let parts = upstream.split(separator: ".")
                    let last = (parts.last.flatMap { Int($0) } ?? 0) + 1
                    upstream = (parts.dropLast().map(String.init) + [String(last)]).joined(separator: ".")
                    release = 1
                } else {
                    release += 1
                }
                var group: [AvailablePackage] = []
                if hasLibs {
                    let lib = make(name + "-libs", arch, upstream, release)
                    group.append(make(name, arch, upstream, release,
                                      requires: [PackageRequirement(name: name + "-libs", minimumVersion: lib.version)]))
                    group.append(lib)
                } else {
                    group.append(make(name, arch, upstream, release))
                }
                planned.append(Planned(instant: t, packages: group))
            }
        }
        // Publish in time order so notice serials rise with time, as publishers number them.
        planned.sort { $0.instant < $1.instant || ($0.instant == $1.instant && $0.packages[0].identity < $1.packages[0].identity) }
        let livePatched = profile.kernelLivePatches ? publishLivePatches(&repo, base: baseKernel, planned: planned.filter { $0.packages[0].name == "kernel" }.map { ($0.instant, $0.packages) }) : [:]
        for p in planned {
            for pkg in p.packages { repo.publish(pkg, at: p.instant) }
            let security = rng.chance(profile.securityShare)
            var type: String
            if isSUSE {
                type = security ? "Security" : rng.weighted([("Recommended", 0.7), ("Optional", 0.2), ("Feature", 0.1)])
            } else {
                type = security ? "Security" : rng.weighted([("Bugfix", 0.7), ("Enhancement", 0.3)])
            }
            serial += 1
            guard let id = noticeId(type: type, year: p.instant.civil.year, serial: serial) else { continue }
            var severity: String? = security ? rng.weighted(profile.severityMix)
                : (isSUSE ? rng.weighted([("Moderate", 0.6), ("Low", 0.4)]) : nil)
            var cves = security ? (0..<(1 + rng.below(3))).map { _ in "CVE-\(p.instant.civil.year)-\(10000 + rng.below(40000))" } : []
            if let fixed = livePatched[p.packages[0].identity], !fixed.isEmpty {
                // A kernel that ships what the previous kernel's live patches fixed ([KLP-1]).
                (type, severity, cves) = ("Security", severity ?? "Important", fixed)
            }
            let notice = UpdateNotice(
                id: id, classification: type, severity: severity,
                title: "\(severity.map { "\($0.lowercased()) priority " } ?? "")package update for \(p.packages[0].name)",
                issued: p.instant, updated: p.instant, cveIds: cves,
                bugzillaIds: cves.isEmpty ? [] : [String(1_900_000 + rng.below(99_999))],
                packages: p.packages.map(\.identity), rebootSuggested: p.packages[0].isKernel,
                kind: isSUSE ? .susePatch : .updateinfo)
            repo.publish(notice, at: p.instant)
            if rng.chance(profile.reissueShare) {
                var reissued = notice
                let later = p.instant.adding(days: 1 + rng.below(14))
                reissued.updated = later
                if later < profile.end { repo.publish(reissued, at: later) }
            }
        }
        return Output(repositories: [repo], baseInventory: Inventory(installed))
    }

    /// Amazon Linux 2 live patches ([KLP-1]): for each kernel version (the base one and
    /// every update), the package `kernel-livepatch-<version-release>`: its empty base
    /// version when the kernel appears, then a cumulative live patch every two weeks for
    /// up to three months after the kernel's release, each with an `ALAS2LIVEPATCH`
    /// notice, Security Important/Critical (or Bugfix), with its CVEs. Returns, for each
    /// kernel update, the CVEs live-patched on the kernel before it by then: that kernel
    /// ships the same fixes, so a node kept live-patched reports it INSTALLED.
    /// Draws from its own stream: enabling it leaves the rest of the repository as it was.
    func publishLivePatches(_ repo: inout Repository, base: AvailablePackage?,
                            planned kernels: [(instant: Instant, packages: [AvailablePackage])]) -> [PackageIdentity: [String]] {
        var rng = SeededGenerator(seed: seed, stream: "livepatch:\(profile.product):\(profile.name)")
        let tag = distTag
        guard let base else { return [:] }
        let versions = [(profile.historyStart, base)] + kernels.map { ($0.instant, $0.packages[0]) }
        var fixedBefore: [PackageIdentity: [String]] = [:]
        var serial = 1
        var published: [(at: Instant, kernel: Int, cves: [String])] = []
        for (k, (released, kernel)) in versions.enumerated() {
            guard let name = KernelLivePatch.packageName(forKernel: kernel.version) else { continue }
            func make(_ release: Int) -> AvailablePackage {
                AvailablePackage(identity: PackageIdentity(name: name, arch: kernel.arch, version: .rpm(RPMVersion(epoch: "0", version: "1.0", release: "\(release).\(tag)"))),
                                 repository: profile.name)
            }
            repo.publish(make(0), at: max(released, profile.historyStart))
            var release = 0
            var t = released.adding(days: 14)
            while t <= released.adding(days: 90) && t < profile.end {
                release += 1
                let patch = make(release)
                if t >= profile.historyStart { repo.publish(patch, at: t) }
                let security = rng.chance(0.8)
                let cves = security ? (0..<(1 + rng.below(2))).map { _ in "CVE-\(t.civil.year)-\(50000 + rng.below(40000))" } : []
                serial += 1
                let notice = UpdateNotice(
                    id: "ALAS2LIVEPATCH-\(t.civil.year)-\(String(repeating: "0", count: max(0, 3 - String(serial).count)))\(serial)",
                    classification: security ? "Security" : "Bugfix", severity: security ? rng.weighted([("Important", 0.7), ("Critical", 0.3)]) : nil,
                    title: "kernel live patch for \(kernel.version)", issued: t, updated: t, cveIds: cves, packages: [patch.identity])
                if t >= profile.historyStart { repo.publish(notice, at: t) }
                published.append((t, k, cves))
                t = t.adding(days: 14)
            }
            // The next kernel ships what this one's live patches had fixed by its release.
            if k + 1 < versions.count {
                let next = versions[k + 1]
                fixedBefore[next.1.identity] = published.filter { $0.kernel == k && $0.at < next.0 }.flatMap(\.cves)
            }
        }
        return fixedBefore
    }

    // MARK: - APT (Ubuntu, Debian, Raspbian)

    func generateAPT(_ rng: inout SeededGenerator) -> Output {
        let codename = profile.name
        let isUbuntu = profile.os == .ubuntu
        let origin = isUbuntu ? "Ubuntu" : (profile.os == .raspbian ? "Raspbian" : "Debian")
        var release = Repository(name: codename, os: profile.os, products: [profile.product])
        var security = Repository(name: "\(codename)-security", os: profile.os, products: [profile.product])
        var updates = Repository(name: "\(codename)-updates", os: profile.os, products: [profile.product])
        var installed: [InstalledPackage] = []
        let arch = profile.os == .raspbian ? "armhf" : "amd64"
        let ubuntuSeries = profile.product.replacingOccurrences(of: "Ubuntu", with: "")
        let debianMajor = AptNaming.debianMajor(profile.product)
        let sections = ["admin", "utils", "libs", "net", "web", "database", "python", "perl", "devel", "shells"]

        func fields(_ pocket: String, _ priority: String, _ section: String) -> DebianPackageFields {
            let label = pocket.hasSuffix("-security") && !isUbuntu ? "\(origin)-Security" : origin
            return DebianPackageFields(priority: priority.lowercased(), section: section, archive: pocket, origin: origin, label: label)
        }

        func version(_ upstream: String, _ revision: Int, update: Int) -> PackageVersion {
            let rev: String
            if update == 0 { rev = "\(revision)" }
            else if isUbuntu { rev = "\(revision)ubuntu0.\(ubuntuSeries).\(update)" }
            else { rev = "\(revision)+deb\(debianMajor)u\(update)" }
            return .deb(DebianVersion(epoch: 0, upstream: upstream, revision: rev))
        }

        var names = packageNames(count: profile.packageCount)
        if profile.kernelUpdatesPerMonth > 0 { names.insert("linux-image-\(arch)", at: 0) }
        var abi = 20 + rng.below(10)
        for name in names {
            let isKernelMeta = name.hasPrefix("linux-image-")
            let upstream = isKernelMeta ? "6.1.\(100 + rng.below(50))" : baseUpstream(&rng)
            let revision = 1 + rng.below(4)
            let priority = rng.weighted(profile.severityMix)
            let section = isKernelMeta ? "kernel" : sections[rng.below(sections.count)]
            let base = AvailablePackage(identity: PackageIdentity(name: name, arch: arch, version: version(upstream, revision, update: 0)),
                                        repository: codename, debian: fields(codename, priority, section))
            release.publish(base, at: profile.historyStart)
            installed.append(InstalledPackage(identity: base.identity))
            let mean = isKernelMeta ? 30.4 / profile.kernelUpdatesPerMonth : profile.meanDaysBetweenUpdates
            var update = 0
            for t in updateInstants(&rng, meanDays: mean) {
                update += 1
                let isSecurity = rng.chance(profile.securityShare)
                let pocket = isSecurity ? "\(codename)-security" : "\(codename)-updates"
                var requires: [PackageRequirement] = []
                if isKernelMeta {
                    // The metapackage pulls a new ABI package: a new name each time, as Debian does.
                    abi += 1
                    let image = AvailablePackage(
                        identity: PackageIdentity(name: "linux-image-6.1.0-\(abi)-\(arch)", arch: arch,
                                                  version: .deb(DebianVersion(upstream: upstream, revision: "\(update)"))),
                        repository: pocket, debian: fields(pocket, "optional", "kernel"))
                    requires.append(PackageRequirement(name: image.name, minimumVersion: image.version))
                    if isSecurity { security.publish(image, at: t) } else { updates.publish(image, at: t) }
                }
                let pkg = AvailablePackage(identity: PackageIdentity(name: name, arch: arch, version: version(upstream, revision, update: update)),
                                           repository: pocket, requires: requires, debian: fields(pocket, priority, section))
                if isSecurity { security.publish(pkg, at: t) } else { updates.publish(pkg, at: t) }
            }
        }
        return Output(repositories: [release, security, updates], baseInventory: Inventory(installed))
    }

    // MARK: - Windows

    /// Patch Tuesday: the second Tuesday of the month, 18:00 UTC.
    static func patchTuesday(year: Int, month: Int) -> Instant {
        let first = CivilDate.daysFromCivil(year: year, month: month, day: 1)
        let offset = (2 - CivilDate.weekday(ofDay: first) + 7) % 7  // to the first Tuesday
        return Instant(secondsSinceEpoch: (first + Int64(offset) + 7) * Instant.secondsPerDay + 18 * 3600)
    }

    func generateWindows(_ rng: inout SeededGenerator) -> Output {
        var repo = Repository(name: profile.name, os: .windows, products: [profile.product])
        var kb: UInt64 = 5_000_000 + UInt64(rng.below(20_000))
        let productTitle = profile.product.replacingOccurrences(of: "WindowsServer", with: "Windows Server ")
        var previousCU: WindowsKB? = nil
        var previousNet: WindowsKB? = nil
        var (y, m, _, _, _, _) = profile.historyStart.civil
        while true {
            let tuesday = Self.patchTuesday(year: y, month: m)
            if tuesday >= profile.end { break }
            if tuesday >= profile.historyStart {
                let label = "\(y)-\(m < 10 ? "0" : "")\(m)"
                kb += 1 + UInt64(rng.below(400))
                let cu = WindowsUpdate(
                    kb: WindowsKB(number: kb), id: Self.guid(&rng),
                    title: "\(label) Cumulative Update for \(productTitle) for x64-based Systems (KB\(kb))",
                    classification: "SecurityUpdates", msrcSeverity: rng.weighted(profile.severityMix),
                    product: profile.product, productFamily: "Windows", patchSet: .os,
                    msrcNumber: nil, releaseDate: tuesday, supersedes: previousCU.map { [$0] } ?? [],
                    cveIds: (0..<(3 + rng.below(20))).map { _ in "CVE-\(y)-\(20000 + rng.below(30000))" })
                repo.publish(cu, at: tuesday)
                previousCU = cu.kb
                kb += 1 + UInt64(rng.below(50))
                let net = WindowsUpdate(
                    kb: WindowsKB(number: kb), id: Self.guid(&rng),
                    title: "\(label) Cumulative Update for .NET Framework for \(productTitle) (KB\(kb))",
                    classification: rng.chance(0.6) ? "SecurityUpdates" : "Updates", msrcSeverity: rng.chance(0.6) ? "Important" : "Unspecified",
                    product: profile.product, productFamily: "Windows", patchSet: .os, releaseDate: tuesday,
                    supersedes: previousNet.map { [$0] } ?? [])
                repo.publish(net, at: tuesday)
                previousNet = net.kb
                if rng.chance(0.3) {
                    kb += 1
                    let office = WindowsUpdate(
                        kb: WindowsKB(number: kb), id: Self.guid(&rng), title: "Security Update for Microsoft Office 2016 (KB\(kb))",
                        classification: "SecurityUpdates", msrcSeverity: "Important", product: "Office 2016",
                        productFamily: "Office", patchSet: .application, releaseDate: tuesday, requiresReboot: false)
                    repo.publish(office, at: tuesday)
                }
            }
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        publishWindowsExtras(&repo, productTitle: productTitle)
        // Installed Windows updates are a set of KBs, which the instance layer models;
        // there is no package inventory to derive here.
        return Output(repositories: [repo], baseInventory: Inventory([]))
    }

    /// The rest of what Microsoft Update offers a Windows Server product, so every
    /// classification and MSRC severity occurs ([MD-2]): weekly Defender definition updates
    /// (each superseding the last), the monthly Malicious Software Removal Tool (an update
    /// rollup) and servicing stack update (a critical update, sometimes rated), each
    /// superseding the month before's, and now and then
    /// a driver, a tool, a feature pack, a service pack, an upgrade, or a security update of
    /// another severity. Its own stream: the cumulative updates draw as before.
    func publishWindowsExtras(_ repo: inout Repository, productTitle: String) {
        var rng = SeededGenerator(seed: seed, stream: "windows-extras:\(profile.product):\(profile.name)")
        var kb: UInt64 = 4_000_000 + UInt64(rng.below(20_000))
        func make(_ title: String, _ classification: String, _ severity: String, at t: Instant, supersedes: WindowsKB? = nil,
                  reboot: Bool = false, cves: Int = 0) -> WindowsUpdate {
            kb += 1 + UInt64(rng.below(30))
            let u = WindowsUpdate(kb: WindowsKB(number: kb), id: Self.guid(&rng), title: "\(title) (KB\(kb))",
                                  classification: classification, msrcSeverity: severity, product: profile.product,
                                  productFamily: "Windows", patchSet: .os, releaseDate: t, supersedes: supersedes.map { [$0] } ?? [],
                                  cveIds: (0..<cves).map { _ in "CVE-\(t.civil.year)-\(20000 + rng.below(30000))" }, requiresReboot: reboot)
            repo.publish(u, at: t)
            return u
        }
        var definition: WindowsKB? = nil
        var t = profile.historyStart
        while t < profile.end {
            definition = make("Security Intelligence Update for Microsoft Defender Antivirus", "DefinitionUpdates", "Unspecified",
                              at: t, supersedes: definition).kb
            t = t.adding(days: 7)
        }
        var msrt: WindowsKB? = nil, stack: WindowsKB? = nil
        var (y, m, _, _, _, _) = profile.historyStart.civil
        let rare: [(String, String, String)] = [
            ("Driver update for \(productTitle) storage controller", "Drivers", "Unspecified"),
            ("Update for Windows Admin Center tools", "Tools", "Unspecified"),
            ("Feature pack for \(productTitle)", "FeaturePacks", "Unspecified"),
            ("Service pack for \(productTitle)", "ServicePacks", "Unspecified"),
            ("Upgrade of the Windows Subsystem for Linux kernel", "Upgrades", "Unspecified"),
            ("Security update for the Windows kernel-mode driver", "SecurityUpdates", "Low"),
            ("Security update for Windows Remote Desktop", "SecurityUpdates", "Moderate"),
            ("Update for \(productTitle) time zones", "Updates", "Unspecified"),
        ]
        while true {
            let tuesday = Self.patchTuesday(year: y, month: m)
            if tuesday >= profile.end { break }
            if tuesday >= profile.historyStart {
                let label = "\(y)-\(m < 10 ? "0" : "")\(m)"
                msrt = make("\(label) Windows Malicious Software Removal Tool x64", "UpdateRollups", "Unspecified", at: tuesday, supersedes: msrt).kb
                let rated = rng.chance(0.3)
                stack = make("\(label) Servicing Stack Update for \(productTitle)", "CriticalUpdates", rated ? "Critical" : "Unspecified",
                             at: tuesday, supersedes: stack, reboot: false).kb
                if rng.chance(0.5) {
                    let (title, classification, severity) = rare[rng.below(rare.count)]
                    _ = make("\(label) \(title)", classification, severity, at: tuesday.adding(days: rng.below(14)),
                             reboot: classification != "Tools", cves: classification == "SecurityUpdates" ? 1 + rng.below(3) : 0)
                }
            }
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
    }

    static func guid(_ rng: inout SeededGenerator) -> String {
        let hex = Array("0123456789abcdef")
        let groups = [8, 4, 4, 4, 12]
        return groups.map { n in String((0..<n).map { _ in hex[rng.below(16)] }) }.joined(separator: "-")
    }

    // MARK: - macOS

    func generateMacOS(_ rng: inout SeededGenerator) -> Output {
        var repo = Repository(name: profile.name, os: .macOS, products: [profile.product])
        var installed: [InstalledPackage] = []
        let items: [(String, PackageTooling)] = [
            ("XProtectPlistConfigData", .softwareupdate), ("MRTConfigData", .softwareupdate),
            ("Command Line Tools for Xcode", .softwareupdate), ("Safari", .softwareupdate),
            ("openssl@3", .brew), ("git", .brew), ("curl", .brew), ("wget", .brew), ("python@3.9", .brew), ("jq", .brew),
            ("google-chrome", .brewCask), ("firefox", .brewCask),
        ]
        let count = max(1, min(items.count, profile.packageCount))
        for (name, manager) in items.prefix(count) {
            var parts = [1 + rng.below(20), rng.below(10), rng.below(10)]
            func identity() -> PackageIdentity {
                PackageIdentity(name: name, arch: "", version: .macOS(MacOSVersion(numbers: parts)))
            }
            let base = AvailablePackage(identity: identity(), repository: profile.name, macOSPackageManager: manager)
            repo.publish(base, at: profile.historyStart)
            installed.append(InstalledPackage(identity: base.identity, installedAt: profile.historyStart, macOSPackageManager: manager))
            for t in updateInstants(&rng, meanDays: manager == .softwareupdate ? 30 : profile.meanDaysBetweenUpdates / 2) {
                if rng.chance(0.3) { parts[1] += 1; parts[2] = 0 } else { parts[2] += 1 }
                repo.publish(AvailablePackage(identity: identity(), repository: profile.name, macOSPackageManager: manager), at: t)
            }
        }
        installed += publishInstallerPackages(&repo)
        return Output(repositories: [repo], baseInventory: Inventory(installed))
    }

    /// `installer` packages (pkgutil receipts): installed at their base versions, and newer
    /// versions exist, but `installer` cannot discover or install updates, so they are never
    /// MISSING ([MAC-1]). Their own stream: the other items draw as before.
    func publishInstallerPackages(_ repo: inout Repository) -> [InstalledPackage] {
        var rng = SeededGenerator(seed: seed, stream: "macos-installer:\(profile.product):\(profile.name)")
        var installed: [InstalledPackage] = []
        for name in ["com.amazon.aws.cli2", "com.apple.pkg.CLTools_Executables", "com.microsoft.package.Microsoft_AutoUpdate.app"] {
            var parts = [1 + rng.below(5), rng.below(20), rng.below(10)]
            func make() -> AvailablePackage {
                AvailablePackage(identity: PackageIdentity(name: name, arch: "", version: .macOS(MacOSVersion(numbers: parts))),
                                 repository: profile.name, macOSPackageManager: .installer)
            }
            let base = make()
            repo.publish(base, at: profile.historyStart)
            installed.append(InstalledPackage(identity: base.identity, installedAt: profile.historyStart, macOSPackageManager: .installer))
            for t in updateInstants(&rng, meanDays: profile.meanDaysBetweenUpdates) {
                parts[2] += 1
                repo.publish(make(), at: t)
            }
        }
        return installed
    }
}
