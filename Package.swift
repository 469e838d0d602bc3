// swift-tools-version:6.0
import PackageDescription

// Modules by layer; a lower layer never imports a higher one:
//   PatchModel  (1: OS catalogue, versions, patch metadata, inventories)
//   PatchBaselines (2: baselines, filters, rules, lists, predefined baselines, evaluation, states)
//   PatchWorld  (3: repositories over simulated time, importers, generators)
//   PatchScheduling (4: schedule expressions, rate control, maintenance windows, the fleet run)
//   PatchScenarios (5: the scenario file, expectations, the run, reports)
//   PatchsimCLI (6: the `patchsim` command, as a library so tests can drive it)
// Layers 2 (baseline evaluation), 4 (scheduling) and 5 (scenarios) join as they are built.
let package = Package(
    name: "patchsim",
    products: [
        .executable(name: "patchsim", targets: ["patchsim"]),
        .library(name: "PatchModel", targets: ["PatchModel"]),
        .library(name: "PatchBaselines", targets: ["PatchBaselines"]),
        .library(name: "PatchWorld", targets: ["PatchWorld"]),
        .library(name: "PatchScheduling", targets: ["PatchScheduling"]),
    ],
    targets: [
        .target(name: "PatchModel"),
        .target(name: "PatchBaselines", dependencies: ["PatchModel"]),
        .target(name: "PatchWorld", dependencies: ["PatchModel", "PatchBaselines"]),
        .target(name: "PatchScheduling", dependencies: ["PatchModel", "PatchWorld"]),
        .target(name: "PatchScenarios", dependencies: ["PatchModel", "PatchBaselines", "PatchWorld", "PatchScheduling"]),
        .target(name: "PatchsimCLI", dependencies: ["PatchModel", "PatchBaselines", "PatchWorld", "PatchScheduling", "PatchScenarios"]),
        .executableTarget(name: "patchsim", dependencies: ["PatchsimCLI"]),
        .testTarget(name: "PatchModelTests", dependencies: ["PatchModel"]),
        .testTarget(
            name: "PatchWorldTests", dependencies: ["PatchWorld", "PatchModel", "PatchBaselines"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "PatchBaselinesTests", dependencies: ["PatchBaselines", "PatchModel", "PatchWorld"]),
        .testTarget(name: "PatchSchedulingTests", dependencies: ["PatchScheduling", "PatchModel"]),
        .testTarget(
            name: "PatchsimCLITests", dependencies: ["PatchsimCLI", "PatchModel", "PatchBaselines", "PatchWorld", "PatchScheduling", "PatchScenarios"],
            exclude: ["Fixtures"]),
    ]
)
