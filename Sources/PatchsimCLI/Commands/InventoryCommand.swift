import PatchModel
import PatchWorld

/// `patchsim inventory`: what a real host has installed, read from its own files.
enum InventoryCommand: Command {
    static let name = "inventory"
    static let abstract = "Import an inventory from a dpkg status file or rpm -qa output."
    static let usage = "usage: patchsim inventory (--dpkg-status FILE | --rpm-qa FILE) [--format text|json]"
    static let help = """
        \(usage)

          --dpkg-status FILE  a dpkg status file such as /var/lib/dpkg/status; only
                              'install ok installed' entries count
          --rpm-qa FILE       output of
                              rpm -qa --queryformat '%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH} %{INSTALLTIME}\\n'
          --format text|json  one 'name.arch version' line per package (default), or JSON

        Examples:
          patchsim inventory --dpkg-status /var/lib/dpkg/status
          rpm -qa --queryformat '%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH} %{INSTALLTIME}\\n' > qa.txt && patchsim inventory --rpm-qa qa.txt --format json
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--dpkg-status", "--rpm-qa", "--format"], usage: usage)
        let format = try args.choice("--format", ["text", "json"], default: "text") ?? "text"
        guard args.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(args.positionals[0])'", usage: usage) }
        let inventory: Inventory
        switch (args.value("--dpkg-status"), args.value("--rpm-qa")) {
        case let (d?, nil): inventory = try DpkgStatusImporter.importFile(d)
        case let (nil, r?): inventory = try RPMQueryImporter.importFile(r)
        default: throw UsageError(message: "give exactly one of --dpkg-status or --rpm-qa", usage: usage)
        }
        if format == "json" {
            console.out.write(JSONOutput.object([
                ("count", .int(inventory.count)),
                ("packages", .array(inventory.packages.map { p in
                    .object([("name", .string(p.name)), ("arch", .string(p.arch)), ("version", .string(p.version.description)),
                             ("title", .string(p.identity.title)),
                             ("installedAt", p.installedAt.map { .string($0.iso8601) } ?? .null)])
                })),
            ]).rendered())
        } else {
            for p in inventory.packages { console.out.writeLine("\(p.identity.unitKey) \(p.version)") }
            console.err.writeLine("\(inventory.count) packages installed")
        }
        return ExitCode.success
    }
}
