import PatchModel

/// `patchsim products`: the product names each operating system's nodes can have, as the
/// PRODUCT filter and a scenario's `Product` spell them ([FLT-6]), with the ones Patch
/// Manager refuses and why.
enum ProductsCommand: Command {
    static let name = "products"
    static let abstract = "List the product names of each operating system (and the unsupported ones)."
    static let usage = "usage: patchsim products [OS...] [--format text|json]"
    static let help = """
        \(usage)

        For each OperatingSystem value (all, or those named): what it covers, its product
        names (what images' "Product", generated repositories' "product", `scan --product`
        and PRODUCT filters take), the products Patch Manager refuses with the reason, its
        package managers, classifications and severities, and its default baseline.

          --format text|json  text (default), or a JSON array of one object per OS

        Examples:
          patchsim products UBUNTU
          patchsim products --format json
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--format"], usage: usage)
        let format = try args.choice("--format", ["text", "json"], default: "text") ?? "text"
        var systems: [OperatingSystem] = []
        for name in args.positionals {
            guard let os = OperatingSystem(rawValue: name) else {
                throw UsageError(message: "'\(InputError.cut(name))' is not an OperatingSystem; allowed: \(OperatingSystem.allCases.map(\.rawValue).joined(separator: ", "))", usage: usage)
            }
            systems.append(os)
        }
        if systems.isEmpty { systems = OperatingSystem.allCases }
        if format == "json" {
            let objects: [JSONOutput] = systems.map { os in
                let e = OSCatalogue.entry(os)
                return .object([
                    ("OperatingSystem", .string(os.rawValue)), ("Covers", .string(e.covers)),
                    ("Products", .array(e.products.map { .string($0) })),
                    ("UnsupportedProducts", .array(e.unsupportedProducts.map { .object([("Product", .string($0.product)), ("Reason", .string($0.reason))]) })),
                    ("PackageManagers", .array(e.tooling.map { .string($0.rawValue) })),
                    ("Classifications", .array(e.classifications.map { .string($0) })), ("Severities", .array(e.severities.map { .string($0) })),
                    ("DefaultBaseline", .string(e.defaultBaselineName)),
                ])
            }
            console.out.write(JSONOutput.array(objects).rendered() + "\n")
            return ExitCode.success
        }
        for os in systems {
            let e = OSCatalogue.entry(os)
            console.out.writeLine("\(os.rawValue): \(e.covers)")
            console.out.writeLine("  products: \(e.products.joined(separator: ", "))")
            for u in e.unsupportedProducts { console.out.writeLine("  unsupported: \(u.product): \(u.reason)") }
            console.out.writeLine("  package managers: \(e.tooling.map(\.rawValue).joined(separator: ", ")); default baseline \(e.defaultBaselineName)")
            if !e.classifications.isEmpty { console.out.writeLine("  classifications: \(e.classifications.joined(separator: ", "))") }
            // APT's severities are Debian priorities.
            if !e.severities.isEmpty { console.out.writeLine("  \(os.family == .apt ? "priorities" : "severities"): \(e.severities.joined(separator: ", "))") }
        }
        return ExitCode.success
    }
}
