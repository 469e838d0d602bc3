/// The account's Systems Manager quotas a scenario can meet ([16]): the service's default
/// values, which a scenario raises (or lowers) under `serviceQuotas` as a user with a raised
/// quota would. Beyond one, the service refuses the create or register call with
/// `ResourceLimitExceededException`; so does loading the scenario.
///
/// Use (AMBIGUOUS, the quotas page words them per account and Region, not per call): "targets
/// per task" counts the window targets one task names (its instance ids are bounded by the
/// model's 50 values instead); the quota on
/// concurrently running window executions is not simulated (see README, known gaps).
public struct ServiceQuotas: Sendable, Equatable {
    public var maintenanceWindows = 50
    public var targetsPerMaintenanceWindow = 100
    public var tasksPerMaintenanceWindow = 20
    public var targetsPerTask = 10
    /// Custom baselines (the predefined ones do not count).
    public var patchBaselines = 50
    public var patchGroupsPerPatchBaseline = 25

    public init() {}

    /// Each quota as a scenario names it, with its default and where it is kept.
    public static var members: [(name: String, keyPath: WritableKeyPath<ServiceQuotas, Int>)] { [
        ("MaintenanceWindows", \.maintenanceWindows),
        ("TargetsPerMaintenanceWindow", \.targetsPerMaintenanceWindow),
        ("TasksPerMaintenanceWindow", \.tasksPerMaintenanceWindow),
        ("TargetsPerTask", \.targetsPerTask),
        ("PatchBaselines", \.patchBaselines),
        ("PatchGroupsPerPatchBaseline", \.patchGroupsPerPatchBaseline),
    ] }

    /// The service's refusal, worded as its exception names it.
    public static func exceeded(_ quota: String, limit: Int, what: String) -> String {
        "ResourceLimitExceededException: \(what) exceeds the \(quota) quota of \(limit) (raise it under serviceQuotas.\(quota) if the account's is higher)"
    }
}
