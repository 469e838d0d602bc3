import Foundation

/// Paths of the bundled fixtures (copied as test resources).
enum Fixture {
    static func path(_ relative: String) -> String {
        guard let base = Bundle.module.resourceURL?.appendingPathComponent("Fixtures") else { return relative }
        return base.appendingPathComponent(relative).path
    }
}
